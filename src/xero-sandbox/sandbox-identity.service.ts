import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config';
import {
  AccessTokenClaims,
  AuthorizationCode,
  AuthorizeRequest,
  CODE_LIFE_MS,
  hashSecret,
  safeEqual,
  SandboxConnection,
  SandboxGrant,
  secretToken,
} from './sandbox-grants';
import { SandboxOrganisation, SandboxUser } from './sandbox.model';
import { SANDBOX_USERS } from './sandbox.seed';
import { SandboxStore } from './sandbox.store';

/** Xero's identity server: discovery, its users, their consent (grants and codes) and connections. */
@Injectable()
export class SandboxIdentityService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: SandboxStore,
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
          id: hashSecret(code),
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
}
