import { Injectable, NestMiddleware } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { CsrfRejectedError } from '../common';
import { AppConfig } from '../config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The sandbox emulates another company's servers; its own pages guard themselves. */
const EXEMPT_PREFIX = '/xero-sandbox/';

/** Holds the CSRF token of a visitor who is not signed in (the sign-in form), so no session is stored for them. */
export const CSRF_COOKIE = 'lrm.csrf';

const issuedTokens = new WeakMap<Request, string>();

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Synchronizer tokens: in the session of a signed-in user, and for everyone else in an HttpOnly cookie of
 * their own (double submit), because a session row is stored only once a session holds something and every
 * anonymous visit to /login would otherwise store one.
 */
export function createCsrf(secureCookie: boolean) {
  return csrfSync({
    getTokenFromRequest: (req) =>
      (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string),
    getTokenFromState: (req) =>
      req.session?.userId ? req.session.csrfToken : (issuedTokens.get(req) ?? cookieValue(req, CSRF_COOKIE)),
    storeTokenInState: (req, token) => {
      if (req.session?.userId) {
        req.session.csrfToken = token;
        return;
      }
      if (!token) {
        issuedTokens.delete(req);
        req.res?.clearCookie(CSRF_COOKIE, { path: '/' });
        return;
      }
      issuedTokens.set(req, token);
      req.res?.cookie(CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        path: '/',
      });
    },
  });
}

export type Csrf = ReturnType<typeof createCsrf>;

/**
 * Every state change must come from this site: cross-site requests are refused by `Sec-Fetch-Site` / `Origin`,
 * and the synchronizer token (see createCsrf) must match the form's `_csrf` field.
 */
@Injectable()
export class RequestProtectionMiddleware implements NestMiddleware {
  private readonly origin: string;
  private readonly csrf: Csrf;

  constructor(config: AppConfig) {
    this.origin = new URL(config.appUrl).origin;
    this.csrf = createCsrf(config.session.secureCookie);
  }

  use(req: Request, _res: Response, next: NextFunction): void {
    // originalUrl: Nest mounts this middleware on a catch-all path, which leaves req.path as '/'.
    if (SAFE_METHODS.has(req.method) || req.originalUrl.startsWith(EXEMPT_PREFIX)) return next();
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw new CsrfRejectedError();
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== this.origin) throw new CsrfRejectedError();
    if (!this.csrf.isRequestValid(req)) throw new CsrfRejectedError();
    next();
  }
}
