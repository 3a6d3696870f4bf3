import { Entity, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';

/**
 * How far a pull stream has read Xero for an account. Moved only after every page is stored, and only where
 * `version` still matches, so two writers can never move it past what was stored.
 */
@Entity()
@Unique({ properties: ['account', 'stream'] })
export class SyncCheckpoint {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'string', length: 40 })
  stream: string;

  @Property({ type: 'datetime', nullable: true })
  highWaterMark?: Date;

  @Property({ type: 'integer' })
  version: number & Opt = 1;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, stream: string) {
    this.account = account;
    this.stream = stream;
  }
}
