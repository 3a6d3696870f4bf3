import { EntityManager, LockMode, OptimisticLockError } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { NotFoundError } from '../common';
import { Account } from '../identity';
import { Learner } from '../learners';
import { InvoiceChanged } from './finance.events';
import { DEFAULT_INVOICE_PREFIX, formatInvoiceNumber } from './invoice-numbering.service';
import {
  ApprovedInvoiceToDraftError,
  ArchivedLearnerForInvoiceError,
  InvoiceChangedError,
  InvoiceFromXeroError,
  InvoiceHasPaymentsError,
  InvoiceVoidedError,
  LearnerNotFoundForInvoiceError,
  PaidInvoiceVoidError,
} from './finance.errors';
import { InvoiceLine } from './invoice-line.entity';
import { Invoice, InvoiceStatus, RecordOrigin } from './invoice.entity';
import { NewInvoice } from './invoice-form';
import { invoiceTotals, lineAmounts } from './money';

/** Why an invoice cannot be edited, as the error to show; nothing when it can. */
export function assertEditable(invoice: Invoice): void {
  if (invoice.status === InvoiceStatus.Voided) throw new InvoiceVoidedError();
  if (invoice.origin === RecordOrigin.Xero) throw new InvoiceFromXeroError();
  if (invoice.amountPaidCents > 0) throw new InvoiceHasPaymentsError();
}

/** Invoices of one account. Every method takes the caller's account id; another account's invoice is "not found". */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventEmitter2,
  ) {}

  async get(accountId: string, id: string): Promise<Invoice> {
    const invoice = await this.em.findOne(
      Invoice,
      { id, account: accountId },
      { populate: ['learner', 'lines', 'payments'] },
    );
    if (!invoice) throw new NotFoundError('No such invoice in this account.');
    return invoice;
  }

  async currency(accountId: string): Promise<string> {
    return (await this.em.findOneOrFail(Account, accountId)).currency;
  }

  /** Today and the default due date (14 days on) in the account's own time zone. */
  async defaultDates(accountId: string): Promise<{ issueDate: string; dueDate: string }> {
    const account = await this.em.findOneOrFail(Account, accountId);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: account.timeZone }).format(new Date());
    const due = new Date(`${today}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 14);
    return { issueDate: today, dueDate: due.toISOString().slice(0, 10) };
  }

  async create(accountId: string, input: NewInvoice): Promise<Invoice> {
    const invoice = await this.em.transactional(async (em) => {
      const learner = await em.findOne(Learner, { id: input.learnerId, account: accountId });
      if (!learner) throw new LearnerNotFoundForInvoiceError();
      if (learner.archived) throw new ArchivedLearnerForInvoiceError();
      const account = await em.findOneOrFail(Account, accountId);
      const number = await this.nextNumber(em, accountId);
      const created = new Invoice(account, learner, number, input, input.status);
      this.applyLines(created, input);
      em.persist(created);
      return created;
    });
    this.events.emit(InvoiceChanged.event, new InvoiceChanged(accountId, invoice.id, 'created'));
    return invoice;
  }

  /**
   * Changes an invoice nobody has paid yet. Voided invoices never change; invoices raised in Xero change in
   * Xero; once a payment exists the amounts are settled against it and stay.
   */
  async update(accountId: string, id: string, input: NewInvoice, version: number): Promise<Invoice> {
    const invoice = await this.inTransaction(async (em) => {
      const locked = await em.findOne(
        Invoice,
        { id, account: accountId },
        // refresh: the controller already loaded this invoice, and the identity map would keep its version.
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!locked) throw new NotFoundError('No such invoice in this account.');
      assertEditable(locked);
      if (locked.version !== version) throw new InvoiceChangedError();
      if (locked.status === InvoiceStatus.AwaitingPayment && input.status === InvoiceStatus.Draft) {
        throw new ApprovedInvoiceToDraftError();
      }
      const learner = await em.findOne(Learner, { id: input.learnerId, account: accountId });
      if (!learner) throw new LearnerNotFoundForInvoiceError();
      // An invoice may keep a learner archived since; it is not moved to another archived learner.
      if (learner.archived && learner.id !== locked.learner.id) throw new ArchivedLearnerForInvoiceError();
      await em.populate(locked, ['lines']);
      locked.learner = learner;
      locked.issueDate = input.issueDate;
      locked.dueDate = input.dueDate;
      locked.status = input.status;
      locked.lines.removeAll();
      this.applyLines(locked, input);
      return locked;
    });
    this.events.emit(InvoiceChanged.event, new InvoiceChanged(accountId, invoice.id, 'updated'));
    return invoice;
  }

  private applyLines(invoice: Invoice, input: NewInvoice): void {
    invoice.reference = input.reference;
    for (const [position, line] of input.lines.entries()) {
      invoice.lines.add(new InvoiceLine(invoice, { position, ...line, ...lineAmounts(line) }));
    }
    Object.assign(invoice, invoiceTotals(invoice.lines.getItems()));
    invoice.settle(0);
  }

  /** Voids an unpaid invoice. Like Xero, an invoice with payments cannot be voided. */
  async void(accountId: string, id: string, version: number): Promise<Invoice> {
    const invoice = await this.inTransaction(async (em) => {
      const locked = await em.findOne(
        Invoice,
        { id, account: accountId },
        // refresh: the controller already loaded this invoice, and the identity map would keep its version.
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!locked) throw new NotFoundError('No such invoice in this account.');
      if (locked.status === InvoiceStatus.Voided) throw new InvoiceVoidedError();
      if (locked.amountPaidCents > 0) throw new PaidInvoiceVoidError(locked.status === InvoiceStatus.Paid);
      if (locked.version !== version) throw new InvoiceChangedError();
      locked.status = InvoiceStatus.Voided;
      locked.settle(locked.amountPaidCents);
      return locked;
    });
    this.events.emit(InvoiceChanged.event, new InvoiceChanged(accountId, invoice.id, 'voided'));
    return invoice;
  }

  /** A transaction in which a save racing ours (the version check in the UPDATE) is "changed by someone else". */
  private async inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em.transactional(work);
    } catch (error) {
      if (error instanceof OptimisticLockError) throw new InvoiceChangedError();
      throw error;
    }
  }

  /**
   * The next invoice number: the account's counter row is upserted and incremented in this transaction, so
   * concurrent invoices queue on the row lock and never share a number. Numbers already used (an invoice that
   * came from Xero with the same number) are skipped.
   */
  private async nextNumber(em: EntityManager, accountId: string): Promise<string> {
    for (;;) {
      const [row] = await em.execute<{ prefix: string; value: number }[]>(
        `insert into invoice_counter (account_id, prefix, next_value) values (?, '${DEFAULT_INVOICE_PREFIX}', 2)
         on conflict (account_id) do update set next_value = invoice_counter.next_value + 1
         returning prefix, next_value - 1 as value`,
        [accountId],
      );
      const candidate = formatInvoiceNumber(row.prefix, row.value);
      if (!(await em.count(Invoice, { account: accountId, number: candidate }))) return candidate;
    }
  }
}
