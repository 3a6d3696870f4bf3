import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppConfig } from '../config';
import { SandboxCounters } from './sandbox-counters';
import {
  AccessTokenClaims,
  AuthorizationCode,
  hashSecret,
  REFRESH_GRACE_MS,
  REFRESH_LIFE_MS,
  RefreshToken,
  safeEqual,
  SandboxConnection,
  SandboxGrant,
  secretToken,
  TokenRequest,
} from './sandbox-grants';
import { SandboxKeysService } from './sandbox-keys.service';
import { OAuthError } from './sandbox.errors';
import { SANDBOX_USERS } from './sandbox.seed';
import { SandboxStore } from './sandbox.store';

/** The token endpoint (code + PKCE, refresh with rotation), revocation, and access token checks. */
@Injectable()
export class SandboxTokensService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: SandboxStore,
    private readonly keys: SandboxKeysService,
    private readonly counters: SandboxCounters,
  ) {}

  private get issuer(): string {
    return this.config.xero.identityUrl;
  }

  async token(request: TokenRequest, authorization?: string): Promise<Record<string, unknown>> {
    this.authenticateClient(request, authorization);
    if (request.grant_type === 'authorization_code') return this.exchangeCode(request);
    if (request.grant_type === 'refresh_token') return this.refresh(request);
    throw new OAuthError('unsupported_grant_type');
  }

  /** RFC 7009: revoking a refresh token ends the whole grant and removes its connections. */
  async revoke(request: TokenRequest & { token?: string }, authorization?: string): Promise<void> {
    this.authenticateClient(request, authorization);
    const stored = request.token
      ? this.store.get<RefreshToken>('refresh-token', hashSecret(request.token))
      : undefined;
    if (!stored) return;
    const grant = this.store.get<SandboxGrant>('grant', stored.grantId);
    if (!grant) return;
    await this.store.save('grant', [{ ...grant, revoked: true }]);
    for (const connection of this.store.list<SandboxConnection>('connection')) {
      if (connection.authEventId === grant.id) await this.store.remove('connection', connection.id);
    }
  }

  /** The claims of a valid, unexpired access token whose grant still stands. */
  verifyAccessToken(token: string): AccessTokenClaims | undefined {
    const payload = this.keys.verify(token);
    if (!payload || payload.iss !== this.issuer) return undefined;
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now()) return undefined;
    const grant = this.store.get<SandboxGrant>('grant', String(payload.authentication_event_id));
    if (!grant || grant.revoked) return undefined;
    return {
      userId: grant.userId,
      clientId: grant.clientId,
      grantId: grant.id,
      scopes: Array.isArray(payload.scope) ? (payload.scope as string[]) : [],
    };
  }

  private authenticateClient(request: TokenRequest, authorization?: string): void {
    let clientId = request.client_id;
    let secret = request.client_secret;
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString();
      const split = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, split));
      secret = decodeURIComponent(decoded.slice(split + 1));
    }
    const { clientId: expectedId, clientSecret } = this.config.xero;
    if (clientId !== expectedId || !secret || !safeEqual(secret, clientSecret)) {
      throw new OAuthError('invalid_client', 401);
    }
  }

  private async exchangeCode(request: TokenRequest): Promise<Record<string, unknown>> {
    const stored = request.code
      ? this.store.get<AuthorizationCode>('authorization-code', hashSecret(request.code))
      : undefined;
    if (!stored || stored.used || stored.expiresAt <= Date.now()) throw new OAuthError('invalid_grant');
    // A code is single use even when the exchange then fails.
    await this.store.save('authorization-code', [{ ...stored, used: true }]);
    if (stored.redirectUri !== request.redirect_uri) throw new OAuthError('invalid_grant');
    if (stored.codeChallenge) {
      const verifier = request.code_verifier ?? '';
      const computed =
        stored.codeChallengeMethod === 'S256'
          ? createHash('sha256').update(verifier).digest('base64url')
          : verifier;
      if (!verifier || !safeEqual(computed, stored.codeChallenge)) throw new OAuthError('invalid_grant');
    }
    const grant = this.store.get<SandboxGrant>('grant', stored.grantId);
    if (!grant || grant.revoked) throw new OAuthError('invalid_grant');
    return this.issue(grant, true);
  }

  private async refresh(request: TokenRequest): Promise<Record<string, unknown>> {
    const stored = request.refresh_token
      ? this.store.get<RefreshToken>('refresh-token', hashSecret(request.refresh_token))
      : undefined;
    const now = Date.now();
    if (!stored || stored.revoked || stored.expiresAt <= now) throw new OAuthError('invalid_grant');
    if (stored.rotatedAt !== undefined && now - stored.rotatedAt > REFRESH_GRACE_MS) {
      throw new OAuthError('invalid_grant');
    }
    const grant = this.store.get<SandboxGrant>('grant', stored.grantId);
    if (!grant || grant.revoked) throw new OAuthError('invalid_grant');
    if (stored.rotatedAt === undefined) {
      await this.store.save('refresh-token', [{ ...stored, rotatedAt: now }]);
    }
    this.counters.refreshes++;
    return this.issue(grant, false);
  }

  private async issue(grant: SandboxGrant, withIdToken: boolean): Promise<Record<string, unknown>> {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = this.config.xero.sandbox.accessTokenMinutes * 60;
    const user = SANDBOX_USERS.find((u) => u.userId === grant.userId)!;
    const accessToken = this.keys.sign({
      nbf: now,
      exp: now + lifetime,
      iss: this.issuer,
      aud: `${this.issuer}/resources`,
      client_id: grant.clientId,
      sub: user.userId,
      auth_time: grant.authTime,
      xero_userid: user.userId,
      global_session_id: grant.id,
      sid: grant.id,
      jti: randomUUID(),
      authentication_event_id: grant.id,
      scope: grant.scopes,
    });
    const response: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: lifetime,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('offline_access')) {
      const refreshToken = secretToken();
      await this.store.save('refresh-token', [
        {
          id: hashSecret(refreshToken),
          grantId: grant.id,
          expiresAt: Date.now() + REFRESH_LIFE_MS,
        } satisfies RefreshToken,
      ]);
      response.refresh_token = refreshToken;
    }
    if (withIdToken && grant.scopes.includes('openid')) {
      response.id_token = this.keys.sign({
        nbf: now,
        exp: now + 300,
        iss: this.issuer,
        aud: grant.clientId,
        iat: now,
        at_hash: SandboxKeysService.atHash(accessToken),
        sid: grant.id,
        sub: user.userId,
        auth_time: grant.authTime,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        xero_userid: user.userId,
        global_session_id: grant.id,
        preferred_username: user.email,
        email: user.email,
        given_name: user.givenName,
        family_name: user.familyName,
      });
    }
    return response;
  }
}
