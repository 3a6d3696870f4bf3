import { BigIntType, Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';
import { Invoice, RecordOrigin } from './invoice.entity';

export enum PaymentStatus {
  Active = 'active',
  Deleted = 'deleted',
}

/** A payment against an invoice; only active payments count towards the invoice's amount paid. */
@Entity()
@Index({ properties: ['invoice'] })
@Index({ properties: ['account', 'externalId'] })
export class Payment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => Invoice, { deleteRule: 'cascade' })
  invoice: Invoice;

  @Property({ type: new BigIntType('number') })
  amountCents: number;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'string', length: 255, nullable: true })
  reference?: string | null;

  @Enum({ items: () => RecordOrigin, type: 'string', length: 10 })
  source: RecordOrigin & Opt = RecordOrigin.Lrm;

  /** Xero's PaymentID for payments that came from Xero. */
  @Property({ type: 'string', length: 64, nullable: true })
  externalId?: string | null;

  @Enum({ items: () => PaymentStatus, type: 'string', length: 10 })
  status: PaymentStatus & Opt = PaymentStatus.Active;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, invoice: Invoice, amountCents: number, date: string) {
    this.account = account;
    this.invoice = invoice;
    this.amountCents = amountCents;
    this.date = date;
  }
}
