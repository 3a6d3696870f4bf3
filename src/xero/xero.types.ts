/** Our own shapes for what crosses the Xero boundary; nothing outside src/xero sees an SDK type. */

export interface XeroTokenSet {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working. */
  expiresAt: Date;
  scopes: string[];
  /** Xero's id of the consent these tokens came from (the access token's `authentication_event_id`). */
  authEventId?: string;
}

/** What the app keeps while the browser is at Xero: the state to check and the PKCE verifier to send back. */
export interface XeroConsentRequest {
  url: string;
  state: string;
  codeVerifier: string;
}

export interface XeroTenantConnection {
  /** The connection id (what DELETE /connections/{id} takes). */
  id: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId?: string;
  createdAt?: Date;
}

/** Access to one organisation's Accounting API. */
export interface XeroAccess {
  accessToken: string;
  tenantId: string;
}

export interface XeroOrganisation {
  name: string;
  legalName?: string;
  shortCode?: string;
  baseCurrency?: string;
  countryCode?: string;
  timezone?: string;
  /** Date-only values (YYYY-MM-DD) in the organisation's time zone. */
  periodLockDate?: string;
  endOfYearLockDate?: string;
}

export interface XeroLedgerAccount {
  accountId?: string;
  code?: string;
  name: string;
  type?: string;
  status?: string;
  class?: string;
}

export interface XeroTaxRate {
  name: string;
  taxType: string;
  status?: string;
  effectiveRate?: number;
}

/** The rate-limit headers of Xero's last answer for one organisation. */
export interface XeroRateLimitSnapshot {
  minuteRemaining?: number;
  dayRemaining?: number;
  appMinuteRemaining?: number;
  recordedAt: Date;
}
