import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Invoice } from './invoice.entity';
import { TaxType } from './money';

@Entity()
@Index({ properties: ['invoice', 'position'] })
export class InvoiceLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne('Invoice', { deleteRule: 'cascade' })
  invoice: Invoice;

  @Property({ type: 'integer' })
  position: number;

  @Property({ length: 500 })
  description: string;

  /** Ten-thousandths of a unit: 1.5 hours is 15000. */
  @Property({ type: new BigIntType('number') })
  quantity: number;

  @Property({ type: new BigIntType('number') })
  unitAmountCents: number;

  @Property({ type: 'string', length: 20, nullable: true })
  accountCode?: string | null;

  @Enum({ items: () => TaxType, type: 'string', length: 20, nullable: true })
  taxType?: TaxType | null;

  @Property({ type: new BigIntType('number') })
  lineAmountCents: number;

  @Property({ type: new BigIntType('number') })
  taxCents: number;

  constructor(
    invoice: Invoice,
    values: Pick<
      InvoiceLine,
      | 'position'
      | 'description'
      | 'quantity'
      | 'unitAmountCents'
      | 'accountCode'
      | 'taxType'
      | 'lineAmountCents'
      | 'taxCents'
    >,
  ) {
    this.invoice = invoice;
    Object.assign(this, values);
  }
}
