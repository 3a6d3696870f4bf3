import { Entity, Enum, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';

export enum SyncLinkKind {
  Contact = 'contact',
}

/**
 * A local record and the Xero record it is, with the hash of what was last sent. Unique both ways, so one
 * learner never gets two contacts and one contact never stands for two learners.
 */
@Entity()
@Unique({ properties: ['account', 'kind', 'localId'] })
@Unique({ properties: ['account', 'kind', 'xeroId'] })
export class SyncLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @Enum({ items: () => SyncLinkKind, nativeEnumName: 'sync_link_kind' })
  kind: SyncLinkKind;

  @Property({ type: 'uuid' })
  localId: string;

  @Property({ type: 'string', length: 64 })
  xeroId: string;

  /** Hash of the local content last accepted by Xero; null when the next run must send it again. */
  @Property({ type: 'string', length: 64, nullable: true })
  contentHash?: string | null;

  /** The record's name in Xero as last sent (a contact's name may carry the student number). */
  @Property({ type: 'string', length: 255, nullable: true })
  xeroName?: string | null;

  @Property({ type: 'datetime', nullable: true })
  lastSyncedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, kind: SyncLinkKind, localId: string, xeroId: string) {
    this.account = account;
    this.kind = kind;
    this.localId = localId;
    this.xeroId = xeroId;
  }
}
