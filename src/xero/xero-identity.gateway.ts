import { XeroConsentRequest, XeroTenantConnection, XeroTokenSet } from './xero.types';

/**
 * Xero's identity service and its `/connections` endpoint: consent with PKCE, tokens, and the organisations a
 * consent reaches. Failures arrive as the classes of xero.errors.ts.
 */
export abstract class XeroIdentityGateway {
  /** A consent URL with a fresh `state` and an S256 PKCE challenge. */
  abstract createConsent(): Promise<XeroConsentRequest>;

  /** Exchanges the authorization code of a callback; checks `state` and sends the PKCE verifier. */
  abstract exchangeCode(
    callback: { code: string; state: string },
    expected: { state: string; codeVerifier: string },
  ): Promise<XeroTokenSet>;

  abstract refresh(refreshToken: string): Promise<XeroTokenSet>;

  abstract revoke(refreshToken: string): Promise<void>;

  /** The organisations the consent of this access token reaches, optionally only those of one auth event. */
  abstract connections(accessToken: string, authEventId?: string): Promise<XeroTenantConnection[]>;

  /** Removes one connection at Xero (takes the connection id, not the tenant id). */
  abstract deleteConnection(accessToken: string, connectionId: string): Promise<void>;
}
