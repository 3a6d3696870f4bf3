import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Public } from '../common';
import { csrfToken, csrfValid } from './sandbox-csrf';
import { AuthorizeRequest } from './sandbox-grants';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxUser } from './sandbox.model';

type AuthorizeQuery = Record<string, string | undefined>;

interface PendingConsent {
  user: SandboxUser;
  request: AuthorizeRequest;
  csrf: string;
  expiresAt: number;
}

const CONSENT_LIFE_MS = 10 * 60_000;
const AUTHORIZE_FIELDS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
];

/** login.xero.com: sign in as a sandbox Xero user, choose organisations, Authorise or Cancel. */
@Public()
@Controller('xero-sandbox/login/identity/connect/authorize')
export class SandboxLoginController {
  private readonly pending = new Map<string, PendingConsent>();

  constructor(private readonly identity: SandboxIdentityService) {}

  @Get()
  show(@Query() query: AuthorizeQuery, @Req() req: Request, @Res() res: Response) {
    if (!this.acceptable(query, res)) return;
    res.render('xero-sandbox/sign-in', this.signInModel(query, csrfToken(req, res)));
  }

  @Post()
  submit(
    @Body() body: AuthorizeQuery & { tenant?: string | string[] },
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const csrf = csrfToken(req, res);
    if (!csrfValid(req, body._csrf)) {
      res.status(403).render('xero-sandbox/problem', {
        title: 'Session expired',
        message: 'This form has expired. Go back to the app and start connecting again.',
      });
      return;
    }
    if (body.step === 'consent') return this.consent(body, csrf, res);
    if (!this.acceptable(body, res)) return;
    const user = this.identity.signIn(body.email ?? '', body.password ?? '');
    if (!user) {
      res.status(401).render('xero-sandbox/sign-in', {
        ...this.signInModel(body, csrf),
        email: body.email,
        error: 'Your email or password is incorrect',
      });
      return;
    }
    const ticket = randomBytes(24).toString('base64url');
    this.prune();
    this.pending.set(ticket, {
      user,
      request: this.authorizeRequest(body),
      csrf,
      expiresAt: Date.now() + CONSENT_LIFE_MS,
    });
    const organisations = user.tenantIds.map((id) => ({ id, name: this.identity.tenantName(id) }));
    res.status(200).render('xero-sandbox/consent', {
      title: 'Authorise the app',
      csrf,
      ticket,
      email: user.email,
      organisations,
      several: organisations.length > 1,
      single: organisations.length === 1 ? organisations[0] : undefined,
      none: organisations.length === 0,
      scopes: this.authorizeRequest(body).scopes,
    });
  }

  private async consent(body: AuthorizeQuery & { tenant?: string | string[] }, csrf: string, res: Response) {
    const pending = body.ticket ? this.pending.get(body.ticket) : undefined;
    if (!pending || pending.csrf !== csrf || pending.expiresAt <= Date.now()) {
      res.status(400).render('xero-sandbox/problem', {
        title: 'Session expired',
        message: 'This consent has expired. Go back to the app and start connecting again.',
      });
      return;
    }
    this.pending.delete(body.ticket!);
    const { request, user } = pending;
    const target = new URL(request.redirectUri);
    if (body.action !== 'authorise') {
      target.searchParams.set('error', 'access_denied');
    } else {
      const chosen = ([] as string[]).concat(body.tenant ?? []);
      const code = await this.identity.authorise(user, request, chosen);
      target.searchParams.set('code', code);
      target.searchParams.set('scope', request.scopes.join(' '));
    }
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    res.redirect(302, target.toString());
  }

  private acceptable(query: AuthorizeQuery, res: Response): boolean {
    if (!this.identity.isKnownClient(query.client_id, query.redirect_uri)) {
      res.status(400).render('xero-sandbox/problem', {
        title: 'Invalid request',
        message: 'Unknown client or redirect URI. The app that sent you here is not set up for this sandbox.',
      });
      return false;
    }
    if (query.response_type !== 'code') {
      res.status(400).render('xero-sandbox/problem', {
        title: 'Invalid request',
        message: 'Only the authorization code flow (response_type=code) is supported.',
      });
      return false;
    }
    return true;
  }

  private authorizeRequest(query: AuthorizeQuery): AuthorizeRequest {
    return {
      clientId: query.client_id!,
      redirectUri: query.redirect_uri!,
      scopes: (query.scope ?? '').split(/\s+/).filter(Boolean),
      state: query.state,
      nonce: query.nonce,
      codeChallenge: query.code_challenge,
      codeChallengeMethod: query.code_challenge_method ?? (query.code_challenge ? 'plain' : undefined),
    };
  }

  private signInModel(query: AuthorizeQuery, csrf: string) {
    return {
      title: 'Log in to Xero',
      csrf,
      fields: AUTHORIZE_FIELDS.filter((name) => query[name] !== undefined).map((name) => ({
        name,
        value: query[name],
      })),
    };
  }

  private prune(): void {
    const now = Date.now();
    for (const [ticket, pending] of this.pending) if (pending.expiresAt <= now) this.pending.delete(ticket);
  }
}
