import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account, User } from '../identity';

export enum XeroConnectionEventKind {
  Connected = 'connected',
  Reconnected = 'reconnected',
  OrganisationChanged = 'organisation_changed',
  NeedsReconnect = 'needs_reconnect',
  Disconnected = 'disconnected',
}

/** The history shown on the Manage page: who connected, reconnected or disconnected, and when. */
@Entity()
@Index({ properties: ['account', 'occurredAt'] })
export class XeroConnectionEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @Enum({ items: () => XeroConnectionEventKind, nativeEnumName: 'xero_connection_event_kind' })
  kind: XeroConnectionEventKind;

  @Property({ type: 'string', length: 255, nullable: true })
  tenantName?: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  user?: User;

  @Property({ type: 'text', nullable: true })
  detail?: string;

  @Property({ type: 'datetime' })
  occurredAt: Date & Opt = new Date();

  constructor(
    account: Account,
    kind: XeroConnectionEventKind,
    tenantName?: string,
    user?: User,
    detail?: string,
  ) {
    this.account = account;
    this.kind = kind;
    this.tenantName = tenantName;
    this.user = user;
    this.detail = detail;
  }
}
