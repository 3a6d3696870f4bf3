import { Entity, OneToOne, Opt, Property } from '@mikro-orm/core';
import { Account } from '../identity';

/** The next generated student number of an account, taken with an atomic UPDATE ... RETURNING. */
@Entity()
export class LearnerCounter {
  @OneToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'integer' })
  nextValue: number & Opt = 1;

  constructor(account: Account) {
    this.account = account;
  }
}
