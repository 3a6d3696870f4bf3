import {
  BigIntType,
  Cascade,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  Opt,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';
import { Learner } from '../learners';
import { InvoiceLine } from './invoice-line.entity';
import type { Payment } from './payment.entity';

export enum InvoiceStatus {
  Draft = 'draft',
  AwaitingPayment = 'awaiting_payment',
  Paid = 'paid',
  Voided = 'voided',
}

/** Where a record was first created: in the LRM, or in Xero and pulled in by the sync. */
export enum RecordOrigin {
  Lrm = 'lrm',
  Xero = 'xero',
}

/** An invoice to a learner. Every amount is integer cents, computed from the lines and the active payments. */
@Entity()
@Unique({ properties: ['account', 'number'] })
@Index({ properties: ['account', 'issueDate', 'number'] })
@Index({ properties: ['account', 'status', 'issueDate'] })
@Index({ properties: ['learner'] })
export class Invoice {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => Learner, { deleteRule: 'restrict' })
  learner: Learner;

  @Property({ length: 50 })
  number: string;

  /** Calendar dates (YYYY-MM-DD) in the account's time zone. */
  @Property({ type: 'date' })
  issueDate: string;

  @Property({ type: 'date' })
  dueDate: string;

  @Property({ length: 3 })
  currency: string;

  @Enum({ items: () => InvoiceStatus, type: 'string', length: 20 })
  status: InvoiceStatus;

  @Property({ type: 'string', length: 255, nullable: true })
  reference?: string | null;

  @OneToMany(() => InvoiceLine, (line) => line.invoice, {
    cascade: [Cascade.ALL],
    orphanRemoval: true,
    orderBy: { position: 'asc' },
  })
  lines = new Collection<InvoiceLine>(this);

  @OneToMany('Payment', 'invoice', { orderBy: { date: 'asc', createdAt: 'asc' } as Record<string, 'asc'> })
  payments = new Collection<Payment>(this);

  @Property({ type: new BigIntType('number') })
  subtotalCents: number & Opt = 0;

  @Property({ type: new BigIntType('number') })
  taxCents: number & Opt = 0;

  @Property({ type: new BigIntType('number') })
  totalCents: number & Opt = 0;

  @Property({ type: new BigIntType('number') })
  amountPaidCents: number & Opt = 0;

  @Property({ type: new BigIntType('number') })
  amountDueCents: number & Opt = 0;

  @Enum({ items: () => RecordOrigin, type: 'string', length: 10 })
  origin: RecordOrigin & Opt = RecordOrigin.Lrm;

  @Property({ type: 'integer', version: true })
  version: number & Opt = 1;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(
    account: Account,
    learner: Learner,
    number: string,
    dates: { issueDate: string; dueDate: string },
    status: InvoiceStatus,
  ) {
    this.account = account;
    this.learner = learner;
    this.number = number;
    this.issueDate = dates.issueDate;
    this.dueDate = dates.dueDate;
    this.currency = account.currency;
    this.status = status;
  }

  /**
   * Amount paid, amount due and status follow the active payments. A voided invoice owes nothing; a payment
   * on a draft approves it (Xero accepts payments only on approved invoices).
   */
  settle(activePaidCents: number): void {
    this.amountPaidCents = activePaidCents;
    if (this.status === InvoiceStatus.Voided) {
      this.amountDueCents = 0;
      return;
    }
    this.amountDueCents = this.totalCents - activePaidCents;
    if (this.totalCents > 0 && activePaidCents >= this.totalCents) {
      this.status = InvoiceStatus.Paid;
    } else if (
      this.status === InvoiceStatus.Paid ||
      (this.status === InvoiceStatus.Draft && activePaidCents > 0)
    ) {
      this.status = InvoiceStatus.AwaitingPayment;
    }
  }
}
