import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Account } from '../identity';
import { InvoiceCounter } from './invoice-counter.entity';

export const DEFAULT_INVOICE_PREFIX = 'LRM-';

export interface InvoiceNumbering {
  prefix: string;
  /** The number the next LRM invoice will get, e.g. LRM-000081. */
  nextNumber: string;
}

export const formatInvoiceNumber = (prefix: string, value: number) =>
  `${prefix}${String(value).padStart(6, '0')}`;

/** The account's invoice number prefix; changing it affects new invoices only, the sequence carries on. */
@Injectable()
export class InvoiceNumberingService {
  constructor(private readonly em: EntityManager) {}

  async get(accountId: string): Promise<InvoiceNumbering> {
    const counter = await this.em.findOne(InvoiceCounter, { account: accountId });
    const prefix = counter?.prefix ?? DEFAULT_INVOICE_PREFIX;
    return { prefix, nextNumber: formatInvoiceNumber(prefix, counter?.nextValue ?? 1) };
  }

  async setPrefix(accountId: string, prefix: string): Promise<InvoiceNumbering> {
    const counter =
      (await this.em.findOne(InvoiceCounter, { account: accountId })) ??
      new InvoiceCounter(this.em.getReference(Account, accountId));
    counter.prefix = prefix;
    await this.em.persistAndFlush(counter);
    return { prefix, nextNumber: formatInvoiceNumber(prefix, counter.nextValue) };
  }
}
