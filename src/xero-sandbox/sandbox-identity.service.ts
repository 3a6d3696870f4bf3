import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config';
import { SandboxCounters } from './sandbox-counters';
import { SandboxKeysService } from './sandbox-keys.service';
import { SandboxOrganisation, SandboxUser } from './sandbox.model';
import { OAuthError } from './sandbox.errors';
import { SANDBOX_USERS } from './sandbox.seed';
import { SandboxStore, StoredDocument } from './sandbox.store';

const CODE_LIFE_MS = 5 * 60_000;
const REFRESH_LIFE_MS = 60 * 24 * 60 * 60_000;
/** Xero accepts the previous refresh token for 30 minutes, so a lost refresh response is recoverable. */
export const REFRESH_GRACE_MS = 30 * 60_000;

export interface SandboxGrant extends StoredDocument {
  userId: string;
  clientId: string;
  scopes: string[];
  tenantIds: string[];
  authTime: number;
  nonce?: string;
  revoked?: boolean;
}

interface AuthorizationCode extends StoredDocument {
  grantId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used?: boolean;
}

interface RefreshToken extends StoredDocument {
  grantId: string;
  expiresAt: number;
  rotatedAt?: number;
  revoked?: boolean;
}

export interface SandboxConnection extends StoredDocument {
  tenantId: string;
  userId: string;
  clientId: string;
  authEventId: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export interface TokenRequest {
  grant_type?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  client_id?: string;
  client_secret?: string;
}

export interface AccessTokenClaims {
  userId: string;
  clientId: string;
  grantId: string;
  scopes: string[];
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const secretToken = () => randomBytes(32).toString('base64url');

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Xero's identity server: users, grants, codes, tokens and connections. */
@Injectable()
export class SandboxIdentityService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: SandboxStore,
    private readonly keys: SandboxKeysService,
    private readonly counters: SandboxCounters,
  ) {}

  get issuer(): string {
    return this.config.xero.identityUrl;
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.config.appUrl}/xero-sandbox/login/identity/connect/authorize`,
      token_endpoint: `${this.issuer}/connect/token`,
      jwks_uri: `${this.issuer}/.well-known/openid-configuration/jwks`,
      revocation_endpoint: `${this.issuer}/connect/revocation`,
      scopes_supported: this.config.xero.scopes,
      response_types_supported: ['code'],
      response_modes_supported: ['form_post', 'query', 'fragment'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['plain', 'S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      claims_supported: ['sub', 'email', 'given_name', 'family_name', 'xero_userid', 'global_session_id'],
    };
  }

  /** Checks the client and redirect URI of an authorize request; a mismatch must not redirect anywhere. */
  isKnownClient(clientId: string | undefined, redirectUri: string | undefined): boolean {
    return clientId === this.config.xero.clientId && redirectUri === this.config.xero.redirectUri;
  }

  signIn(email: string, password: string): SandboxUser | undefined {
    const user = SANDBOX_USERS.find((u) => u.email === email.trim().toLowerCase());
    return user && safeEqual(password, 'sandbox') ? user : undefined;
  }

  user(userId: string): SandboxUser | undefined {
    return SANDBOX_USERS.find((u) => u.userId === userId);
  }

  /** Records the consent, connects the chosen organisations and returns a single-use code. */
  async authorise(user: SandboxUser, request: AuthorizeRequest, tenantIds: string[]): Promise<string> {
    const now = Date.now();
    const grant: SandboxGrant = {
      id: randomUUID(),
      userId: user.userId,
      clientId: request.clientId,
      scopes: request.scopes,
      tenantIds: tenantIds.filter((id) => user.tenantIds.includes(id)),
      authTime: Math.floor(now / 1000),
      nonce: request.nonce,
    };
    const code = secretToken();
    const stamp = new Date(now).toISOString();
    const connections = grant.tenantIds.map((tenantId): SandboxConnection => {
      const existing = this.findConnection(user.userId, request.clientId, tenantId);
      return existing
        ? { ...existing, authEventId: grant.id, updatedDateUtc: stamp }
        : {
            id: randomUUID(),
            tenantId,
            userId: user.userId,
            clientId: request.clientId,
            authEventId: grant.id,
            createdDateUtc: stamp,
            updatedDateUtc: stamp,
          };
    });
    await Promise.all([
      this.store.save('grant', [grant]),
      this.store.save('connection', connections),
      this.store.save('authorization-code', [
        {
          id: hash(code),
          grantId: grant.id,
          redirectUri: request.redirectUri,
          codeChallenge: request.codeChallenge,
          codeChallengeMethod: request.codeChallengeMethod,
          expiresAt: now + CODE_LIFE_MS,
        } satisfies AuthorizationCode,
      ]),
    ]);
    return code;
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
      ? this.store.get<RefreshToken>('refresh-token', hash(request.token))
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

  connectionsOf(claims: AccessTokenClaims, authEventId?: string): SandboxConnection[] {
    return this.store
      .list<SandboxConnection>('connection')
      .filter((c) => c.userId === claims.userId && c.clientId === claims.clientId)
      .filter((c) => !authEventId || c.authEventId === authEventId)
      .sort((a, b) => a.createdDateUtc.localeCompare(b.createdDateUtc));
  }

  connectionsOfTenant(tenantId: string): SandboxConnection[] {
    return this.store
      .list<SandboxConnection>('connection')
      .filter((c) => c.tenantId === tenantId)
      .sort((a, b) => a.createdDateUtc.localeCompare(b.createdDateUtc));
  }

  tenantName(tenantId: string): string {
    return this.store.get<SandboxOrganisation>('organisation', tenantId)?.Name ?? '';
  }

  findConnection(userId: string, clientId: string, tenantId: string): SandboxConnection | undefined {
    return this.store
      .list<SandboxConnection>('connection')
      .find((c) => c.userId === userId && c.clientId === clientId && c.tenantId === tenantId);
  }

  /** Deletes a connection (as the app, or as the customer disconnecting in Xero). */
  async deleteConnection(id: string, owner?: AccessTokenClaims): Promise<boolean> {
    const connection = this.store.get<SandboxConnection>('connection', id);
    if (!connection) return false;
    if (owner && (connection.userId !== owner.userId || connection.clientId !== owner.clientId)) return false;
    await this.store.remove('connection', id);
    return true;
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
      ? this.store.get<AuthorizationCode>('authorization-code', hash(request.code))
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
      ? this.store.get<RefreshToken>('refresh-token', hash(request.refresh_token))
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
    const user = this.user(grant.userId)!;
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
          id: hash(refreshToken),
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
