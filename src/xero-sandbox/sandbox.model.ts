import { createHash } from 'node:crypto';
import type { StoredDocument } from './sandbox.store';

/** The sandbox's own records. Field names follow Xero's so they serialise with little mapping. */
export interface SandboxOrganisation extends StoredDocument {
  tenantId: string;
  Name: string;
  ShortCode: string;
  /** YYYY-MM-DD or undefined. */
  PeriodLockDate?: string;
  EndOfYearLockDate?: string;
  CreatedDateUTC: number;
}

export interface SandboxAccount extends StoredDocument {
  tenantId: string;
  Code: string;
  Name: string;
  Type: 'BANK' | 'REVENUE' | 'SALES' | 'OTHERINCOME' | 'EXPENSE' | 'CURRENT' | 'CURRLIAB';
  Status: 'ACTIVE' | 'ARCHIVED';
  TaxType: string;
  Class: 'ASSET' | 'REVENUE' | 'EXPENSE' | 'LIABILITY';
  BankAccountNumber?: string;
  SystemAccount?: string;
  UpdatedDateUTC: number;
}

export interface SandboxContact extends StoredDocument {
  tenantId: string;
  ContactNumber?: string;
  Name: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  MergedToContactID?: string;
  Phones?: unknown[];
  Addresses?: unknown[];
  IsCustomer: boolean;
  UpdatedDateUTC: number;
}

export interface SandboxLineItem {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  AccountCode: string;
  TaxType: string;
  TaxAmount: number;
  LineAmount: number;
}

export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface SandboxInvoice extends StoredDocument {
  tenantId: string;
  Type: 'ACCREC' | 'ACCPAY';
  ContactID: string;
  InvoiceNumber: string;
  Reference?: string;
  Date: string;
  DueDate?: string;
  Status: InvoiceStatus;
  LineAmountTypes: LineAmountTypes;
  LineItems: SandboxLineItem[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  AmountPaid: number;
  AmountDue: number;
  FullyPaidOnDate?: string;
  UpdatedDateUTC: number;
}

export interface SandboxPayment extends StoredDocument {
  tenantId: string;
  InvoiceID: string;
  AccountID: string;
  Date: string;
  Amount: number;
  Reference?: string;
  Status: 'AUTHORISED' | 'DELETED';
  UpdatedDateUTC: number;
}

export interface SandboxUser {
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
  tenantIds: string[];
}

/** A name-based UUID, so seeded records keep their ids across restarts and resets. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`xero-sandbox:${name}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
