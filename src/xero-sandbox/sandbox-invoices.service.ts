import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config';
import { ApiResult, elementsOf, runBatch } from './sandbox-batch';
import { nextTimestamp, today } from './sandbox-clock';
import { SandboxContactsService } from './sandbox-contacts.service';
import { SandboxCounters } from './sandbox-counters';
import {
  envelope,
  msDate,
  msDateOnly,
  paginate,
  parseDateInput,
  queryList,
  whereFilter,
} from './sandbox-json';
import { documentLines, invoiceTotals, transitionError } from './sandbox-invoice-lines';
import { SandboxSettingsService } from './sandbox-settings.service';
import { InvoiceStatus, SandboxContact, SandboxInvoice, SandboxPayment } from './sandbox.model';
import { ElementInvalid, MESSAGES } from './sandbox.messages';
import { badRequest, notFound } from './sandbox.errors';
import { SandboxStore } from './sandbox.store';

export interface InvoiceQuery {
  page?: string;
  pageSize?: string;
  IDs?: string;
  InvoiceNumbers?: string;
  ContactIDs?: string;
  Statuses?: string;
  where?: string;
  includeArchived?: string;
}

type Element = Record<string, unknown>;
const STATUSES: InvoiceStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Invoices: numbering, lines and totals, lock dates, and the status rules around payments. */
@Injectable()
export class SandboxInvoicesService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: SandboxStore,
    private readonly contacts: SandboxContactsService,
    private readonly settings: SandboxSettingsService,
    private readonly counters: SandboxCounters,
  ) {}

  find(tenantId: string, id: string | undefined): SandboxInvoice | undefined {
    if (!id) return undefined;
    const invoice = this.store.get<SandboxInvoice>('invoice', id.toLowerCase());
    return invoice?.tenantId === tenantId ? invoice : undefined;
  }

  all(tenantId: string): SandboxInvoice[] {
    return this.store.list<SandboxInvoice>('invoice', tenantId);
  }

  toJson(invoice: SandboxInvoice, withLines = true): Element {
    const contact = this.contacts.find(invoice.tenantId, invoice.ContactID);
    const payments = this.store
      .list<SandboxPayment>('payment', invoice.tenantId)
      .filter((p) => p.InvoiceID === invoice.id && p.Status === 'AUTHORISED');
    return {
      Type: invoice.Type,
      InvoiceID: invoice.id,
      InvoiceNumber: invoice.InvoiceNumber,
      Reference: invoice.Reference ?? '',
      Payments: payments.map((p) => ({
        PaymentID: p.id,
        Date: msDateOnly(p.Date),
        Amount: p.Amount,
        Reference: p.Reference ?? '',
        CurrencyRate: 1,
        HasAccount: false,
        HasValidationErrors: false,
      })),
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      AmountDue: invoice.AmountDue,
      AmountPaid: invoice.AmountPaid,
      AmountCredited: 0,
      CurrencyRate: 1,
      IsDiscounted: false,
      HasAttachments: false,
      HasErrors: false,
      Contact: {
        ContactID: invoice.ContactID,
        ...(contact?.ContactNumber ? { ContactNumber: contact.ContactNumber } : {}),
        Name: contact?.Name ?? '',
        ContactStatus: contact?.ContactStatus ?? 'ACTIVE',
        HasValidationErrors: false,
      },
      DateString: `${invoice.Date}T00:00:00`,
      Date: msDateOnly(invoice.Date),
      ...(invoice.DueDate
        ? { DueDateString: `${invoice.DueDate}T00:00:00`, DueDate: msDateOnly(invoice.DueDate) }
        : {}),
      ...(invoice.FullyPaidOnDate ? { FullyPaidOnDate: msDateOnly(invoice.FullyPaidOnDate) } : {}),
      Status: invoice.Status,
      LineAmountTypes: invoice.LineAmountTypes,
      ...(withLines
        ? {
            LineItems: invoice.LineItems.map((line) => ({
              LineItemID: line.LineItemID,
              Description: line.Description ?? '',
              Quantity: line.Quantity,
              UnitAmount: line.UnitAmount,
              AccountCode: line.AccountCode,
              TaxType: line.TaxType,
              TaxAmount: line.TaxAmount,
              LineAmount: line.LineAmount,
              Tracking: [],
            })),
          }
        : {}),
      SubTotal: invoice.SubTotal,
      TotalTax: invoice.TotalTax,
      Total: invoice.Total,
      UpdatedDateUTC: msDate(invoice.UpdatedDateUTC),
      CurrencyCode: 'AUD',
    };
  }

  list(tenantId: string, query: InvoiceQuery, since?: number): ApiResult {
    const ids = queryList(query.IDs);
    const numbers = queryList(query.InvoiceNumbers);
    const contactIds = queryList(query.ContactIDs);
    const statuses = queryList(query.Statuses);
    const filter = whereFilter(query.where);
    const invoices = this.all(tenantId)
      .filter((i) => !ids || ids.includes(i.id))
      .filter((i) => !numbers || numbers.includes(i.InvoiceNumber.toLowerCase()))
      .filter((i) => !contactIds || contactIds.includes(i.ContactID))
      .filter((i) => !statuses || statuses.includes(i.Status.toLowerCase()))
      .filter((i) => since === undefined || i.UpdatedDateUTC >= since)
      .sort((a, b) => a.UpdatedDateUTC - b.UpdatedDateUTC || a.id.localeCompare(b.id))
      // As at Xero, a list returns line items only when it is paged.
      .map((i) => this.toJson(i, query.page !== undefined))
      .filter(filter);
    const { items, pagination } = paginate(invoices, query.page, query.pageSize);
    return { status: 200, body: envelope('Invoices', items, pagination) };
  }

  get(tenantId: string, idOrNumber: string): ApiResult {
    const invoice =
      this.find(tenantId, idOrNumber) ?? this.all(tenantId).find((i) => i.InvoiceNumber === idOrNumber);
    if (!invoice) throw notFound();
    return { status: 200, body: envelope('Invoices', [this.toJson(invoice)]) };
  }

  onlineInvoice(tenantId: string, id: string): ApiResult {
    const invoice = this.find(tenantId, id);
    if (!invoice) throw notFound();
    if (invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED' || invoice.Status === 'DELETED') {
      throw badRequest('An online invoice is only available for approved invoices');
    }
    const url = `${this.config.appUrl}/xero-sandbox/app/invoices/${invoice.id}/online`;
    return { status: 200, body: envelope('OnlineInvoices', [{ OnlineInvoiceUrl: url }]) };
  }

  /** PUT creates; POST updates the invoice named by InvoiceID (or InvoiceNumber), else creates. */
  async write(
    tenantId: string,
    body: unknown,
    summarizeErrors: boolean,
    method: 'PUT' | 'POST',
    invoiceId?: string,
  ): Promise<ApiResult> {
    const changed = new Map<string, SandboxInvoice>();
    const touchedContacts = new Map<string, SandboxContact>();
    const elements = elementsOf(body, 'Invoices').map((e) =>
      invoiceId ? { ...e, InvoiceID: invoiceId } : e,
    );
    const result = runBatch('Invoices', elements, summarizeErrors, (element) => {
      const invoice = this.upsert(tenantId, element, method);
      changed.set(invoice.id, invoice);
      const contact = this.contacts.find(tenantId, invoice.ContactID);
      if (contact && !contact.IsCustomer && invoice.Type === 'ACCREC') {
        const customer = { ...contact, IsCustomer: true };
        this.store.stage('contact', customer);
        touchedContacts.set(customer.id, customer);
      }
      return this.toJson(invoice);
    });
    await this.save([...changed.values()]);
    await this.store.save('contact', [...touchedContacts.values()]);
    return result;
  }

  async save(invoices: SandboxInvoice[]): Promise<void> {
    this.counters.writes += invoices.length;
    await this.store.save('invoice', invoices);
  }

  private upsert(tenantId: string, element: Element, method: 'PUT' | 'POST'): SandboxInvoice {
    const requestedId = str(element.InvoiceID);
    let existing = requestedId ? this.find(tenantId, requestedId) : undefined;
    if (requestedId && !existing) throw new ElementInvalid([MESSAGES.invoiceNotFound(requestedId)]);
    const number = str(element.InvoiceNumber)?.trim();
    if (!existing && method === 'POST' && number) {
      existing = this.all(tenantId).find((i) => i.InvoiceNumber.toLowerCase() === number.toLowerCase());
    }
    return existing ? this.update(existing, element) : this.insert(tenantId, element, number);
  }

  private insert(tenantId: string, element: Element, number: string | undefined): SandboxInvoice {
    const type = str(element.Type);
    if (type !== 'ACCREC' && type !== 'ACCPAY') throw new ElementInvalid([MESSAGES.invoiceTypeInvalid()]);
    const status = (str(element.Status) ?? 'DRAFT') as InvoiceStatus;
    if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status)) {
      throw new ElementInvalid([MESSAGES.statusInvalid(status)]);
    }
    const contact = this.contactOf(tenantId, element.Contact);
    const errors: string[] = [];
    if (contact.ContactStatus !== 'ACTIVE') errors.push(MESSAGES.contactArchived());
    if (
      number &&
      this.all(tenantId).some(
        (i) => i.Type === type && i.InvoiceNumber.toLowerCase() === number.toLowerCase(),
      )
    ) {
      errors.push(MESSAGES.invoiceNumberTaken());
    }
    const date = this.dateOf(element.Date) ?? today();
    const locked = this.settings.lockDateError(tenantId, date);
    if (locked) errors.push(locked);
    const lines = documentLines(this.settings, tenantId, element, type === 'ACCREC', undefined, errors);
    if (errors.length) throw new ElementInvalid(errors);
    const invoice: SandboxInvoice = {
      id: randomUUID(),
      tenantId,
      Type: type,
      ContactID: contact.id,
      InvoiceNumber: number || this.nextNumber(tenantId, type),
      Reference: str(element.Reference),
      Date: date,
      DueDate: this.dateOf(element.DueDate),
      Status: status,
      LineAmountTypes: lines.lineAmountTypes,
      LineItems: lines.items,
      ...invoiceTotals(lines.items, lines.lineAmountTypes, 0),
      UpdatedDateUTC: nextTimestamp(),
    };
    this.store.stage('invoice', invoice);
    return invoice;
  }

  private update(existing: SandboxInvoice, element: Element): SandboxInvoice {
    const tenantId = existing.tenantId;
    const status = (str(element.Status) ?? existing.Status) as InvoiceStatus;
    if (!STATUSES.includes(status)) throw new ElementInvalid([MESSAGES.statusInvalid(status)]);
    const refused = transitionError(existing, status);
    if (refused) throw new ElementInvalid([refused]);
    const errors: string[] = [];
    const contact = element.Contact === undefined ? undefined : this.contactOf(tenantId, element.Contact);
    if (contact && contact.id !== existing.ContactID && contact.ContactStatus !== 'ACTIVE') {
      errors.push(MESSAGES.contactArchived());
    }
    const number = str(element.InvoiceNumber)?.trim();
    if (
      number &&
      number.toLowerCase() !== existing.InvoiceNumber.toLowerCase() &&
      this.all(tenantId).some(
        (i) => i.Type === existing.Type && i.InvoiceNumber.toLowerCase() === number.toLowerCase(),
      )
    ) {
      errors.push(MESSAGES.invoiceNumberTaken());
    }
    const date = this.dateOf(element.Date) ?? existing.Date;
    if (status !== 'VOIDED' && status !== 'DELETED') {
      const locked = this.settings.lockDateError(tenantId, date);
      if (locked) errors.push(locked);
    }
    const lines = documentLines(
      this.settings,
      tenantId,
      element,
      existing.Type === 'ACCREC',
      existing,
      errors,
    );
    if (errors.length) throw new ElementInvalid(errors);
    const invoice: SandboxInvoice = {
      ...existing,
      ContactID: contact?.id ?? existing.ContactID,
      InvoiceNumber: number || existing.InvoiceNumber,
      Reference: element.Reference === undefined ? existing.Reference : str(element.Reference),
      Date: date,
      DueDate: this.dateOf(element.DueDate) ?? existing.DueDate,
      Status: status,
      LineAmountTypes: lines.lineAmountTypes,
      LineItems: lines.items,
      ...invoiceTotals(lines.items, lines.lineAmountTypes, existing.AmountPaid),
      UpdatedDateUTC: nextTimestamp(),
    };
    if (status === 'VOIDED' || status === 'DELETED') invoice.AmountDue = 0;
    this.store.stage('invoice', invoice);
    return invoice;
  }

  private contactOf(tenantId: string, value: unknown): SandboxContact {
    const ref = (value && typeof value === 'object' ? value : {}) as Element;
    const id = str(ref.ContactID);
    const number = str(ref.ContactNumber);
    const name = str(ref.Name);
    if (!id && !number && !name) throw new ElementInvalid([MESSAGES.contactRequired()]);
    const all = this.contacts.all(tenantId);
    const contact = id
      ? this.contacts.find(tenantId, id)
      : number
        ? all.find((c) => c.ContactNumber?.toLowerCase() === number.toLowerCase())
        : all.find((c) => c.ContactStatus === 'ACTIVE' && c.Name.toLowerCase() === name!.toLowerCase());
    if (!contact) throw new ElementInvalid([MESSAGES.contactNotFound(id ?? number ?? name!)]);
    return contact;
  }

  private dateOf(value: unknown): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const date = parseDateInput(value);
    if (!date) throw new ElementInvalid([MESSAGES.dateInvalid()]);
    return date;
  }

  private nextNumber(tenantId: string, type: 'ACCREC' | 'ACCPAY'): string {
    if (type === 'ACCPAY') return '';
    const taken = new Set(this.all(tenantId).map((i) => i.InvoiceNumber.toLowerCase()));
    let n = this.all(tenantId).filter((i) => i.Type === 'ACCREC').length + 1;
    while (taken.has(`inv-${String(n).padStart(4, '0')}`)) n++;
    return `INV-${String(n).padStart(4, '0')}`;
  }
}
