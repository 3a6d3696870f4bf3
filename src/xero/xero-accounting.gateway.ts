import {
  XeroAccess,
  XeroContact,
  XeroContactInput,
  XeroContactQuery,
  XeroPage,
  XeroWriteResult,
  XeroLedgerAccount,
  XeroOrganisation,
  XeroRateLimitSnapshot,
  XeroTaxRate,
} from './xero.types';

/** One organisation's Accounting API. Every call names the access (token + tenant) it uses. */
export abstract class XeroAccountingGateway {
  abstract getOrganisation(access: XeroAccess): Promise<XeroOrganisation>;
  abstract getAccounts(access: XeroAccess): Promise<XeroLedgerAccount[]>;
  abstract getTaxRates(access: XeroAccess): Promise<XeroTaxRate[]>;
  /** GET /Contacts: one page. */
  abstract listContacts(access: XeroAccess, query: XeroContactQuery): Promise<XeroPage<XeroContact>>;
  /**
   * PUT /Contacts (create) with `summarizeErrors=false` and the `Idempotency-Key`: one result per element,
   * in the order sent. Throws only for a failure of the whole call (our error classes).
   */
  abstract createContacts(
    access: XeroAccess,
    contacts: XeroContactInput[],
    idempotencyKey: string,
  ): Promise<XeroWriteResult<XeroContact>[]>;
  /** POST /Contacts (update the elements' ContactIDs), as createContacts. */
  abstract updateContacts(
    access: XeroAccess,
    contacts: XeroContactInput[],
    idempotencyKey: string,
  ): Promise<XeroWriteResult<XeroContact>[]>;
  /** The rate-limit headers of the last answer for this organisation, if any call was made. */
  abstract rateLimits(tenantId: string): XeroRateLimitSnapshot | undefined;
}
