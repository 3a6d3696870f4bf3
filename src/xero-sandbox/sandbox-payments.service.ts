import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiResult, elementsOf, runBatch } from './sandbox-batch';
import { nextTimestamp, today } from './sandbox-clock';
import { SandboxContactsService } from './sandbox-contacts.service';
import { SandboxCounters } from './sandbox-counters';
import { SandboxInvoicesService } from './sandbox-invoices.service';
import { envelope, msDate, msDateOnly, paginate, parseDateInput, whereFilter } from './sandbox-json';
import { SandboxSettingsService } from './sandbox-settings.service';
import { SandboxInvoice, SandboxPayment } from './sandbox.model';
import { fromCents, toCents } from './sandbox-money';
import { ElementInvalid, MESSAGES } from './sandbox.messages';
import { notFound } from './sandbox.errors';
import { SandboxStore } from './sandbox.store';

export interface PaymentQuery {
  page?: string;
  pageSize?: string;
  where?: string;
}

type Element = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Element) : {});

/** Payments on sales invoices: recorded against AUTHORISED invoices, deleted (never edited). */
@Injectable()
export class SandboxPaymentsService {
  constructor(
    private readonly store: SandboxStore,
    private readonly invoices: SandboxInvoicesService,
    private readonly contacts: SandboxContactsService,
    private readonly settings: SandboxSettingsService,
    private readonly counters: SandboxCounters,
  ) {}

  find(tenantId: string, id: string): SandboxPayment | undefined {
    const payment = this.store.get<SandboxPayment>('payment', id.toLowerCase());
    return payment?.tenantId === tenantId ? payment : undefined;
  }

  all(tenantId: string): SandboxPayment[] {
    return this.store.list<SandboxPayment>('payment', tenantId);
  }

  toJson(payment: SandboxPayment): Element {
    const invoice = this.invoices.find(payment.tenantId, payment.InvoiceID);
    const contact = invoice ? this.contacts.find(payment.tenantId, invoice.ContactID) : undefined;
    const account = this.settings.account(payment.tenantId, payment.AccountID);
    return {
      PaymentID: payment.id,
      Date: msDateOnly(payment.Date),
      BankAmount: payment.Amount,
      Amount: payment.Amount,
      Reference: payment.Reference ?? '',
      CurrencyRate: 1,
      PaymentType: invoice?.Type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
      Status: payment.Status,
      UpdatedDateUTC: msDate(payment.UpdatedDateUTC),
      HasAccount: true,
      IsReconciled: false,
      HasValidationErrors: false,
      Account: { AccountID: payment.AccountID, Code: account?.Code ?? '' },
      Invoice: {
        Type: invoice?.Type ?? 'ACCREC',
        InvoiceID: payment.InvoiceID,
        InvoiceNumber: invoice?.InvoiceNumber ?? '',
        Contact: { ContactID: contact?.id ?? invoice?.ContactID ?? '', Name: contact?.Name ?? '' },
        CurrencyCode: 'AUD',
        Payments: [],
        CreditNotes: [],
        Prepayments: [],
        Overpayments: [],
        HasErrors: false,
        IsDiscounted: false,
        LineItems: [],
      },
    };
  }

  list(tenantId: string, query: PaymentQuery, since?: number): ApiResult {
    const filter = whereFilter(query.where);
    const payments = this.all(tenantId)
      .filter((p) => since === undefined || p.UpdatedDateUTC >= since)
      .sort((a, b) => a.UpdatedDateUTC - b.UpdatedDateUTC || a.id.localeCompare(b.id))
      .map((p) => this.toJson(p))
      .filter(filter);
    const { items, pagination } = paginate(payments, query.page, query.pageSize);
    return { status: 200, body: envelope('Payments', items, pagination) };
  }

  get(tenantId: string, id: string): ApiResult {
    const payment = this.find(tenantId, id);
    if (!payment) throw notFound();
    return { status: 200, body: envelope('Payments', [this.toJson(payment)]) };
  }

  async create(tenantId: string, body: unknown, summarizeErrors: boolean): Promise<ApiResult> {
    const payments: SandboxPayment[] = [];
    const invoices = new Map<string, SandboxInvoice>();
    const result = runBatch('Payments', elementsOf(body, 'Payments'), summarizeErrors, (element) => {
      const { payment, invoice } = this.record(tenantId, element);
      payments.push(payment);
      invoices.set(invoice.id, invoice);
      return this.toJson(payment);
    });
    await this.persist(payments, [...invoices.values()]);
    return result;
  }

  /** POST /Payments/{id} with `{Status: "DELETED"}`: the invoice gets its amount due back. */
  async remove(tenantId: string, id: string, body: unknown): Promise<ApiResult> {
    const elements = elementsOf(body, 'Payments');
    let deleted: { payment: SandboxPayment; invoice?: SandboxInvoice } | undefined;
    const result = runBatch('Payments', elements.slice(0, 1), true, (element) => {
      if (str(element.Status) !== 'DELETED')
        throw new ElementInvalid([MESSAGES.statusInvalid(String(element.Status))]);
      deleted = this.delete(tenantId, id);
      return this.toJson(deleted.payment);
    });
    if (deleted) await this.persist([deleted.payment], deleted.invoice ? [deleted.invoice] : []);
    return result;
  }

  /** Records one payment (also used by the sandbox UI). */
  record(tenantId: string, element: Element): { payment: SandboxPayment; invoice: SandboxInvoice } {
    const invoiceRef = obj(element.Invoice);
    const invoiceId = str(invoiceRef.InvoiceID);
    const invoiceNumber = str(invoiceRef.InvoiceNumber) ?? str(element.InvoiceNumber);
    if (!invoiceId && !invoiceNumber) throw new ElementInvalid([MESSAGES.paymentInvoiceRequired()]);
    const invoice = invoiceId
      ? this.invoices.find(tenantId, invoiceId)
      : this.invoices.all(tenantId).find((i) => i.InvoiceNumber === invoiceNumber);
    if (!invoice) throw new ElementInvalid([MESSAGES.invoiceNotFound(invoiceId ?? invoiceNumber!)]);
    const accountRef = obj(element.Account);
    const accountKey = str(accountRef.AccountID) ?? str(accountRef.Code);
    if (!accountKey) throw new ElementInvalid([MESSAGES.paymentAccountRequired()]);
    const account = this.settings.account(tenantId, accountKey);
    const typed = Number(element.Amount);
    const amountCents = Number.isFinite(typed) ? toCents(typed) : 0n;
    const amount = fromCents(amountCents);
    const date = parseDateInput(element.Date) ?? today();
    const errors: string[] = [];
    if (invoice.Status !== 'AUTHORISED') errors.push(MESSAGES.paymentNotAuthorised());
    if (!account || account.Type !== 'BANK' || account.Status !== 'ACTIVE')
      errors.push(MESSAGES.paymentAccountInvalid());
    if (amountCents <= 0n) errors.push(MESSAGES.paymentAmountInvalid());
    else if (invoice.Status === 'AUTHORISED' && amountCents > toCents(invoice.AmountDue))
      errors.push(MESSAGES.paymentTooLarge());
    const locked = this.settings.lockDateError(tenantId, date);
    if (locked) errors.push(locked);
    if (errors.length) throw new ElementInvalid(errors);

    const now = nextTimestamp();
    const payment: SandboxPayment = {
      id: randomUUID(),
      tenantId,
      InvoiceID: invoice.id,
      AccountID: account!.id,
      Date: date,
      Amount: amount,
      Reference: str(element.Reference),
      Status: 'AUTHORISED',
      UpdatedDateUTC: now,
    };
    const paidCents = toCents(invoice.AmountPaid) + amountCents;
    const dueCents = toCents(invoice.Total) - paidCents;
    const [amountPaid, amountDue] = [fromCents(paidCents), fromCents(dueCents)];
    // An invoice is PAID the moment nothing is due.
    const updated: SandboxInvoice = {
      ...invoice,
      AmountPaid: amountPaid,
      AmountDue: amountDue,
      Status: amountDue === 0 ? 'PAID' : invoice.Status,
      FullyPaidOnDate: amountDue === 0 ? date : undefined,
      UpdatedDateUTC: now,
    };
    this.store.stage('payment', payment);
    this.store.stage('invoice', updated);
    return { payment, invoice: updated };
  }

  delete(tenantId: string, id: string): { payment: SandboxPayment; invoice?: SandboxInvoice } {
    const payment = this.find(tenantId, id);
    if (!payment) throw notFound();
    if (payment.Status === 'DELETED') throw new ElementInvalid([MESSAGES.paymentAlreadyDeleted()]);
    const now = nextTimestamp();
    const deleted: SandboxPayment = { ...payment, Status: 'DELETED', UpdatedDateUTC: now };
    this.store.stage('payment', deleted);
    const invoice = this.invoices.find(tenantId, payment.InvoiceID);
    if (!invoice) return { payment: deleted };
    const paidCents = toCents(invoice.AmountPaid) - toCents(payment.Amount);
    const amountPaid = fromCents(paidCents);
    // A PAID invoice reverts to AUTHORISED when one of its payments goes.
    const updated: SandboxInvoice = {
      ...invoice,
      AmountPaid: amountPaid,
      AmountDue: fromCents(toCents(invoice.Total) - paidCents),
      Status: invoice.Status === 'PAID' ? 'AUTHORISED' : invoice.Status,
      FullyPaidOnDate: undefined,
      UpdatedDateUTC: now,
    };
    this.store.stage('invoice', updated);
    return { payment: deleted, invoice: updated };
  }

  async persist(payments: SandboxPayment[], invoices: SandboxInvoice[]): Promise<void> {
    this.counters.writes += payments.length;
    await this.store.save('payment', payments);
    await this.store.save('invoice', invoices);
  }
}
