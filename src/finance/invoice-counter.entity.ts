import { Entity, OneToOne, Opt, Property } from '@mikro-orm/core';
import { Account } from '../identity';

/**
 * The invoice numbering of an account: its prefix and the next number, taken with an atomic
 * UPDATE ... RETURNING inside the invoice's transaction so two staff never get the same number.
 */
@Entity()
export class InvoiceCounter {
  @OneToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'string', length: 20 })
  prefix: string & Opt = 'LRM-';

  @Property({ type: 'integer' })
  nextValue: number & Opt = 1;

  constructor(account: Account) {
    this.account = account;
  }
}
