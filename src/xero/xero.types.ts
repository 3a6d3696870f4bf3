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
  /** When given, every request sent on this access is counted here. */
  meter?: XeroCallMeter;
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

/** Counts the HTTP requests a caller's calls send to Xero (retries of a throttled call included). */
export interface XeroCallMeter {
  calls: number;
}

/** A learner as a Xero contact, for writes. `contactId` set means "update this contact". */
export interface XeroContactInput {
  contactId?: string;
  /** Left out when Xero keeps it on another contact (a contact merged away still holds its number). */
  contactNumber?: string;
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  address?: XeroAddress;
}

export interface XeroAddress {
  line1?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export type XeroContactStatus = 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';

/** A contact as Xero holds it. */
export interface XeroContact {
  contactId: string;
  contactNumber?: string;
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  status: XeroContactStatus;
  /** Set when the contact was merged into another one (Xero archives the merged contact). */
  mergedToContactId?: string;
  updatedAt?: Date;
}

/** GET /Contacts parameters; `ids` and `where` narrow, `page`/`pageSize` (up to 1,000) page. */
export interface XeroContactQuery {
  page?: number;
  pageSize?: number;
  modifiedSince?: Date;
  includeArchived?: boolean;
  where?: string;
  ids?: string[];
}

export interface XeroPage<T> {
  items: T[];
  page: number;
  pageSize: number;
  pageCount?: number;
  itemCount?: number;
}

export type XeroElementStatus = 'OK' | 'WARNING' | 'ERROR';

/** One element of a batch write (`summarizeErrors=false`), in the position it was sent. */
export interface XeroWriteResult<T> {
  index: number;
  status: XeroElementStatus;
  /** Xero's ValidationErrors messages (status ERROR). */
  errors: string[];
  /** Xero's Warnings messages (status WARNING). */
  warnings: string[];
  /** What Xero stored; absent for a refused element. */
  record?: T;
}
