import { EntityManager, LockMode, OptimisticLockError } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { NotFoundError } from '../common';
import { Account } from '../identity';
import { InvoiceChanged, PaymentRecorded } from './finance.events';
import {
  InvoiceAlreadyPaidError,
  InvoiceChangedError,
  InvoiceVoidedError,
  PaymentExceedsDueError,
} from './finance.errors';
import { Invoice, InvoiceStatus, RecordOrigin } from './invoice.entity';
import { Payment, PaymentStatus } from './payment.entity';

export interface NewPayment {
  amountCents: number;
  date: string;
  reference: string | null;
  /** The invoice version the form was loaded at. */
  version: number;
}

/** Payments against invoices; an invoice's amounts and status always follow its active payments. */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventEmitter2,
  ) {}

  async record(accountId: string, invoiceId: string, input: NewPayment): Promise<Payment> {
    const payment = await this.em
      .transactional(async (em) => {
        // The row lock makes two payments recorded at once queue, so together they never exceed the amount due.
        const invoice = await em.findOne(
          Invoice,
          { id: invoiceId, account: accountId },
          // refresh: the controller already loaded this invoice, and the identity map would keep its version.
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        if (!invoice) throw new NotFoundError('No such invoice in this account.');
        if (invoice.status === InvoiceStatus.Voided) throw new InvoiceVoidedError();
        if (invoice.version !== input.version) throw new InvoiceChangedError();
        if (invoice.amountDueCents <= 0) throw new InvoiceAlreadyPaidError();
        if (input.amountCents > invoice.amountDueCents) {
          throw new PaymentExceedsDueError(input.amountCents, invoice.amountDueCents, invoice.currency);
        }
        const created = new Payment(
          em.getReference(Account, accountId),
          invoice,
          input.amountCents,
          input.date,
        );
        created.reference = input.reference;
        created.source = RecordOrigin.Lrm;
        em.persist(created);
        invoice.settle((await this.activePaidCents(em, invoice.id)) + input.amountCents);
        return created;
      })
      .catch((error: unknown) => {
        // The version column makes the invoice UPDATE check the version, so a change racing ours fails here.
        if (error instanceof OptimisticLockError) throw new InvoiceChangedError();
        throw error;
      });
    this.events.emit(PaymentRecorded.event, new PaymentRecorded(accountId, invoiceId, payment.id));
    this.events.emit(InvoiceChanged.event, new InvoiceChanged(accountId, invoiceId, 'payment'));
    return payment;
  }

  /** Sum of the invoice's active payments already stored, added up by PostgreSQL as exact integers. */
  private async activePaidCents(em: EntityManager, invoiceId: string): Promise<number> {
    const [row] = await em.execute<{ paid: string }[]>(
      'select coalesce(sum(amount_cents), 0) as paid from payment where invoice_id = ? and status = ?',
      [invoiceId, PaymentStatus.Active],
    );
    return Number(row.paid);
  }
}
