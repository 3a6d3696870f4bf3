import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RedirectRequired, safeNextPath } from '../common';
import { readCookie } from './sandbox-csrf';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxKeysService } from './sandbox-keys.service';
import { SandboxUser } from './sandbox.model';

/** The sandbox app's own sign-in cookie, apart from the LRM's session, as Xero's login is apart from the LRM. */
export const SANDBOX_APP_COOKIE = 'xero_sandbox_app';
export const SANDBOX_APP_LOGIN = '/xero-sandbox/app/login';

const SESSION_LIFE_S = 8 * 3600;
/** Marks the cookie's token, so no other token the sandbox signs (an access token) passes for a sign-in. */
const SESSION_TYPE = 'sandbox-app-session';

/** Who is signed in to the sandbox's "Xero" pages: a signed, expiring token naming a sandbox Xero user. */
@Injectable()
export class SandboxAppSession {
  constructor(
    private readonly keys: SandboxKeysService,
    private readonly identity: SandboxIdentityService,
  ) {}

  userOf(req: Request): SandboxUser | undefined {
    const token = readCookie(req, SANDBOX_APP_COOKIE);
    const claims = token ? this.keys.verify(token) : undefined;
    if (!claims || claims.typ !== SESSION_TYPE || typeof claims.sub !== 'string') return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
    return this.identity.user(claims.sub);
  }

  /** The signed-in user, or off to the sign-in page (coming back to this page when it is one). */
  require(req: Request): SandboxUser {
    const user = this.userOf(req);
    if (user) return user;
    const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    throw new RedirectRequired(`${SANDBOX_APP_LOGIN}${back}`);
  }

  start(res: Response, user: SandboxUser): void {
    const now = Math.floor(Date.now() / 1000);
    const token = this.keys.sign({
      typ: SESSION_TYPE,
      sub: user.userId,
      iat: now,
      exp: now + SESSION_LIFE_S,
    });
    res.cookie(SANDBOX_APP_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/xero-sandbox/app',
      maxAge: SESSION_LIFE_S * 1000,
    });
  }

  end(res: Response): void {
    res.clearCookie(SANDBOX_APP_COOKIE, { path: '/xero-sandbox/app' });
  }

  /** Where to go after signing in: only back into the sandbox app. */
  static nextPath(next: unknown): string {
    const path = safeNextPath(next);
    return path.startsWith('/xero-sandbox/app/') && !path.startsWith(SANDBOX_APP_LOGIN)
      ? path
      : '/xero-sandbox/app';
  }
}
