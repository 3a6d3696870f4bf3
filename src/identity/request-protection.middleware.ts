import { Injectable, NestMiddleware } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { CsrfRejectedError } from '../common';
import { AppConfig } from '../config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The sandbox emulates another company's servers; its own pages guard themselves. */
const EXEMPT_PREFIX = '/xero-sandbox/';

export const csrf = csrfSync({
  getTokenFromRequest: (req) =>
    (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string),
});

/**
 * Every state change must come from this site: cross-site requests are refused by `Sec-Fetch-Site` / `Origin`,
 * and the synchronizer token of the session must match the form's `_csrf` field.
 */
@Injectable()
export class RequestProtectionMiddleware implements NestMiddleware {
  private readonly origin: string;

  constructor(config: AppConfig) {
    this.origin = new URL(config.appUrl).origin;
  }

  use(req: Request, _res: Response, next: NextFunction): void {
    // originalUrl: Nest mounts this middleware on a catch-all path, which leaves req.path as '/'.
    if (SAFE_METHODS.has(req.method) || req.originalUrl.startsWith(EXEMPT_PREFIX)) return next();
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw new CsrfRejectedError();
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== this.origin) throw new CsrfRejectedError();
    if (!csrf.isRequestValid(req)) throw new CsrfRejectedError();
    next();
  }
}
