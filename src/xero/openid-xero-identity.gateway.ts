import { Injectable } from '@nestjs/common';
import { BaseClient, custom, errors, generators, Issuer, TokenSet } from 'openid-client';
import { AppConfig, XeroConfig } from '../config';
import {
  XeroAuthError,
  XeroError,
  XeroForbiddenError,
  XeroRequestError,
  XeroUnavailableError,
} from './xero.errors';
import { XeroIdentityGateway } from './xero-identity.gateway';
import { XeroConsentRequest, XeroTenantConnection, XeroTokenSet } from './xero.types';

export const XERO_TIMEOUT_MS = 15_000;

interface ConnectionBody {
  id: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId?: string;
  createdDateUtc?: string;
}

/**
 * OAuth 2.0 through openid-client (v5, the copy xero-node itself depends on): xero-node's own XeroClient
 * hard-codes Xero's hosts, keeps one token set per instance and has no PKCE, so it is not used for this.
 */
@Injectable()
export class OpenIdXeroIdentityGateway extends XeroIdentityGateway {
  private readonly xero: XeroConfig;
  private client?: Promise<BaseClient>;

  constructor(config: AppConfig) {
    super();
    this.xero = config.xero;
  }

  async createConsent(): Promise<XeroConsentRequest> {
    const client = await this.getClient();
    const state = generators.state(32);
    const codeVerifier = generators.codeVerifier(64);
    const url = client.authorizationUrl({
      scope: this.xero.scopes.join(' '),
      state,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, codeVerifier };
  }

  async exchangeCode(
    callback: { code: string; state: string },
    expected: { state: string; codeVerifier: string },
  ): Promise<XeroTokenSet> {
    const client = await this.getClient();
    const tokens = await translate(() =>
      client.callback(this.xero.redirectUri, callback, {
        state: expected.state,
        code_verifier: expected.codeVerifier,
        response_type: 'code',
      }),
    );
    return toTokenSet(tokens);
  }

  async refresh(refreshToken: string): Promise<XeroTokenSet> {
    const client = await this.getClient();
    // Xero answers a refresh without an id token: nothing to verify but the access token itself.
    return toTokenSet(await translate(() => client.refresh(refreshToken)));
  }

  async revoke(refreshToken: string): Promise<void> {
    const client = await this.getClient();
    await translate(() => client.revoke(refreshToken, 'refresh_token'));
  }

  async connections(accessToken: string, authEventId?: string): Promise<XeroTenantConnection[]> {
    const query = authEventId ? `?authEventId=${encodeURIComponent(authEventId)}` : '';
    const body = (await this.callConnections('GET', query, accessToken)) as ConnectionBody[];
    return body.map((c) => ({
      id: c.id,
      tenantId: c.tenantId,
      tenantName: c.tenantName,
      tenantType: c.tenantType,
      authEventId: c.authEventId,
      createdAt: c.createdDateUtc ? new Date(c.createdDateUtc) : undefined,
    }));
  }

  async deleteConnection(accessToken: string, connectionId: string): Promise<void> {
    await this.callConnections('DELETE', `/${encodeURIComponent(connectionId)}`, accessToken);
  }

  /** `/connections` is plain REST on the API host; fetch with a timeout is all it needs. */
  private async callConnections(
    method: 'GET' | 'DELETE',
    suffix: string,
    accessToken: string,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.xero.apiUrl}/connections${suffix}`, {
        method,
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(XERO_TIMEOUT_MS),
      });
    } catch (error) {
      throw new XeroUnavailableError(`Xero could not be reached (${describe(error)})`);
    }
    if (response.status === 401)
      throw new XeroAuthError('Xero refused the access token for /connections', 401);
    if (response.status === 403) throw new XeroForbiddenError('Xero refused /connections', 403);
    if (response.status >= 500)
      throw new XeroUnavailableError(`Xero answered ${response.status}`, response.status);
    if (!response.ok) throw new XeroRequestError(`Xero answered ${response.status}`, response.status);
    return response.status === 204 ? null : response.json().catch(() => null);
  }

  private getClient(): Promise<BaseClient> {
    this.client ??= this.discover().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async discover(): Promise<BaseClient> {
    const timeout = () => ({ timeout: XERO_TIMEOUT_MS });
    Issuer[custom.http_options] = timeout;
    const issuer = await translate(() => Issuer.discover(this.xero.identityUrl));
    const client = new issuer.Client({
      client_id: this.xero.clientId,
      client_secret: this.xero.clientSecret,
      redirect_uris: [this.xero.redirectUri],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    client[custom.http_options] = timeout;
    return client;
  }
}

function toTokenSet(tokens: TokenSet): XeroTokenSet {
  if (!tokens.access_token || !tokens.refresh_token) {
    throw new XeroRequestError('Xero returned no refresh token: is offline_access among the scopes?');
  }
  const claims = decodeJwtPayload(tokens.access_token);
  const expiresAt = tokens.expires_at
    ? new Date(tokens.expires_at * 1000)
    : new Date(Number(claims.exp ?? Date.now() / 1000 + 1800) * 1000);
  const scopes = typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter(Boolean) : [];
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt,
    scopes,
    authEventId:
      typeof claims.authentication_event_id === 'string' ? claims.authentication_event_id : undefined,
  };
}

/** Reads claims of a token that came straight from the token endpoint; it is not trusted for anything else. */
function decodeJwtPayload(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

async function translate<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateError(error);
  }
}

function translateError(error: unknown): XeroError {
  if (error instanceof errors.OPError) {
    const status = error.response?.statusCode;
    if (error.error === 'invalid_grant' || error.error === 'invalid_client' || status === 401) {
      return new XeroAuthError(`Xero refused the grant (${error.error})`, status);
    }
    if (status && status >= 500) return new XeroUnavailableError(`Xero answered ${status}`, status);
    return new XeroRequestError(`Xero refused the request (${error.error})`, status);
  }
  // RPError messages can quote the state or tokens they compared: keep them out of ours.
  if (error instanceof errors.RPError)
    return new XeroRequestError("Xero's answer failed a check (state or id token)");
  return new XeroUnavailableError(`Xero could not be reached (${describe(error)})`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as { code?: string }).code ?? error.name;
  return 'unknown error';
}
