import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The sandbox's own cookie: its forms carry the same random token (double submit), bound to this browser. */
export const SANDBOX_COOKIE = 'xero_sandbox_csrf';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The browser's sandbox token, set on first use. */
export function csrfToken(req: Request, res: Response): string {
  const existing = readCookie(req, SANDBOX_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  res.cookie(SANDBOX_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/xero-sandbox' });
  return token;
}

export function csrfValid(req: Request, submitted: unknown): boolean {
  const cookie = readCookie(req, SANDBOX_COOKIE);
  if (!cookie || typeof submitted !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
