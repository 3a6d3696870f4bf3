import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common';
import { ApiResult } from './sandbox-batch';
import { SandboxContactsService } from './sandbox-contacts.service';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxInvoicesService } from './sandbox-invoices.service';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { SandboxSettingsService } from './sandbox-settings.service';
import { SandboxInvoice } from './sandbox.model';
import { SandboxStore } from './sandbox.store';

const money = (n: number) =>
  n.toLocaleString('en-AU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Outcome of an action in the sandbox UI: Xero's own messages when it refused. */
export type ActionOutcome = { ok: true } | { ok: false; errors: string[] };

function outcome(result: ApiResult): ActionOutcome {
  if (result.status < 400) return { ok: true };
  const body = result.body as { Elements?: { ValidationErrors?: { Message: string }[] }[]; Message?: string };
  const errors = (body.Elements ?? []).flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message));
  return { ok: false, errors: errors.length ? errors : [body.Message ?? 'Xero refused the change'] };
}

/** What a bookkeeper does in Xero, for demos: the same rules as the API, through the same services. */
@Injectable()
export class SandboxAppService {
  constructor(
    private readonly store: SandboxStore,
    private readonly settings: SandboxSettingsService,
    private readonly contacts: SandboxContactsService,
    private readonly invoices: SandboxInvoicesService,
    private readonly payments: SandboxPaymentsService,
    private readonly identity: SandboxIdentityService,
  ) {}

  organisations() {
    return this.settings.organisations().map((org) => ({ id: org.id, name: org.Name }));
  }

  exists(tenantId: string): boolean {
    return this.settings.organisations().some((org) => org.id === tenantId);
  }

  organisation(tenantId: string) {
    const org = this.settings.organisation(tenantId);
    return {
      id: org.id,
      name: org.Name,
      periodLockDate: org.PeriodLockDate ?? '',
      endOfYearLockDate: org.EndOfYearLockDate ?? '',
    };
  }

  contactList(tenantId: string) {
    const all = this.contacts.all(tenantId).sort((a, b) => a.Name.localeCompare(b.Name));
    const names = new Map(all.map((c) => [c.id, c.Name]));
    return all.map((c) => ({
      id: c.id,
      name: c.Name,
      number: c.ContactNumber ?? '',
      email: c.EmailAddress ?? '',
      status: c.ContactStatus,
      active: c.ContactStatus === 'ACTIVE',
      mergedInto: c.MergedToContactID ? names.get(c.MergedToContactID) : undefined,
    }));
  }

  invoiceList(tenantId: string) {
    return this.invoices
      .all(tenantId)
      .filter((i) => i.Status !== 'DELETED')
      .sort((a, b) => b.UpdatedDateUTC - a.UpdatedDateUTC)
      .map((i) => this.invoiceView(i));
  }

  invoiceView(i: SandboxInvoice) {
    return {
      id: i.id,
      number: i.InvoiceNumber,
      reference: i.Reference ?? '',
      contact: this.contacts.find(i.tenantId, i.ContactID)?.Name ?? '',
      date: i.Date,
      dueDate: i.DueDate ?? '',
      status: i.Status,
      total: money(i.Total),
      due: money(i.AmountDue),
      dueAmount: i.AmountDue.toFixed(2),
      lines: i.LineItems.map((l) => ({ ...l, unit: money(l.UnitAmount), amount: money(l.LineAmount) })),
      subTotal: money(i.SubTotal),
      tax: money(i.TotalTax),
      approvable: i.Status === 'DRAFT' || i.Status === 'SUBMITTED',
      voidable: i.Status === 'AUTHORISED' && i.AmountPaid === 0,
      payable: i.Status === 'AUTHORISED',
    };
  }

  paymentList(tenantId: string) {
    return this.payments
      .all(tenantId)
      .sort((a, b) => b.UpdatedDateUTC - a.UpdatedDateUTC)
      .map((p) => ({
        id: p.id,
        date: p.Date,
        amount: money(p.Amount),
        reference: p.Reference ?? '',
        invoice: this.invoices.find(tenantId, p.InvoiceID)?.InvoiceNumber ?? '',
        status: p.Status,
        deletable: p.Status === 'AUTHORISED',
      }));
  }

  connections(tenantId: string) {
    return this.identity.connectionsOfTenant(tenantId).map((c) => ({
      id: c.id,
      app: c.clientId,
      user: this.identity.user(c.userId)?.email ?? '',
      connectedAt: c.createdDateUtc.slice(0, 16).replace('T', ' '),
    }));
  }

  revenueAccounts(tenantId: string) {
    return this.settings
      .accounts(tenantId)
      .filter((a) => a.Status === 'ACTIVE' && a.Class === 'REVENUE')
      .map((a) => ({ code: a.Code, name: a.Name }));
  }

  onlineInvoice(id: string) {
    const invoice = this.store.get<SandboxInvoice>('invoice', id.toLowerCase());
    if (!invoice || ['DRAFT', 'SUBMITTED', 'DELETED'].includes(invoice.Status))
      throw new NotFoundError('No such invoice in the sandbox');
    return {
      invoice: this.invoiceView(invoice),
      organisation: this.settings.organisation(invoice.tenantId).Name,
    };
  }

  async archiveContact(tenantId: string, id: string): Promise<ActionOutcome> {
    return outcome(
      await this.contacts.write(
        tenantId,
        { Contacts: [{ ContactID: id, ContactStatus: 'ARCHIVED' }] },
        true,
        'POST',
      ),
    );
  }

  /** Xero's merge: the first contact's documents move to the second, which it then points to. */
  async mergeContacts(tenantId: string, fromId: string, intoId: string): Promise<ActionOutcome> {
    if (!fromId || !intoId || fromId === intoId)
      return { ok: false, errors: ['Choose two different contacts.'] };
    if (!this.contacts.find(tenantId, fromId) || !this.contacts.find(tenantId, intoId)) {
      return { ok: false, errors: ['Choose two existing contacts.'] };
    }
    const changed = this.contacts.merge(tenantId, fromId, intoId);
    const moved = this.invoices
      .all(tenantId)
      .filter((i) => i.ContactID === fromId)
      .map((i) => ({ ...i, ContactID: intoId, UpdatedDateUTC: changed[0].UpdatedDateUTC }));
    await this.contacts.save(changed);
    await this.invoices.save(moved);
    return { ok: true };
  }

  async raiseInvoice(tenantId: string, form: Record<string, string | undefined>): Promise<ActionOutcome> {
    return outcome(
      await this.invoices.write(
        tenantId,
        {
          Invoices: [
            {
              Type: 'ACCREC',
              Contact: { ContactID: form.contactId },
              Date: form.date || undefined,
              DueDate: form.dueDate || undefined,
              Reference: form.reference || undefined,
              Status: form.approve === 'yes' ? 'AUTHORISED' : 'DRAFT',
              LineItems: [
                {
                  Description: form.description,
                  Quantity: 1,
                  UnitAmount: Number(form.amount),
                  AccountCode: form.accountCode,
                },
              ],
            },
          ],
        },
        true,
        'PUT',
      ),
    );
  }

  async setInvoiceStatus(
    tenantId: string,
    id: string,
    status: 'AUTHORISED' | 'VOIDED',
  ): Promise<ActionOutcome> {
    return outcome(await this.invoices.write(tenantId, { Invoices: [{ Status: status }] }, true, 'POST', id));
  }

  async recordPayment(
    tenantId: string,
    invoiceId: string,
    amount: string,
    date: string,
  ): Promise<ActionOutcome> {
    return outcome(
      await this.payments.create(
        tenantId,
        {
          Payments: [
            {
              Invoice: { InvoiceID: invoiceId },
              Account: { Code: '090' },
              Amount: Number(amount),
              Date: date || undefined,
            },
          ],
        },
        true,
      ),
    );
  }

  async deletePayment(tenantId: string, id: string): Promise<ActionOutcome> {
    // The API answers an unknown id with a bare 404; on the page it is a refusal like any other.
    if (!this.payments.find(tenantId, id)) return { ok: false, errors: ['That payment no longer exists.'] };
    return outcome(await this.payments.remove(tenantId, id, { Status: 'DELETED' }));
  }

  async setLockDates(tenantId: string, period?: string, endOfYear?: string): Promise<ActionOutcome> {
    const valid = (v?: string) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v);
    if (!valid(period) || !valid(endOfYear)) return { ok: false, errors: ['Lock dates must be dates.'] };
    await this.settings.setLockDates(tenantId, period, endOfYear);
    return { ok: true };
  }

  async revokeConnection(tenantId: string, id: string): Promise<ActionOutcome> {
    const connection = this.identity.connectionsOfTenant(tenantId).find((c) => c.id === id);
    if (!connection) return { ok: false, errors: ['That connection no longer exists.'] };
    await this.identity.deleteConnection(id);
    return { ok: true };
  }
}
