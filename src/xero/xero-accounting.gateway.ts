import {
  XeroAccess,
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
  /** The rate-limit headers of the last answer for this organisation, if any call was made. */
  abstract rateLimits(tenantId: string): XeroRateLimitSnapshot | undefined;
}
