import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { StoredDocument } from './sandbox.store';

export const CODE_LIFE_MS = 5 * 60_000;
export const REFRESH_LIFE_MS = 60 * 24 * 60 * 60_000;
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

export interface AuthorizationCode extends StoredDocument {
  grantId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used?: boolean;
}

export interface RefreshToken extends StoredDocument {
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

/** The form fields of the token and revocation endpoints. */
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

export const hashSecret = (value: string) => createHash('sha256').update(value).digest('hex');
export const secretToken = () => randomBytes(32).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
