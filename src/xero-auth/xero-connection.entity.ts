import { Entity, Enum, ManyToOne, OneToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account, User } from '../identity';
import type { XeroOrganisation } from '../xero';

export enum XeroConnectionStatus {
  Connected = 'connected',
  NeedsReconnect = 'needs_reconnect',
  Disconnected = 'disconnected',
}

/** The link of one LRM account to one Xero organisation, with its token set encrypted at rest. */
@Entity()
// One Xero organisation belongs to at most one account at a time, or two accounts would sync into one set of books.
@Unique({
  name: 'xero_connection_live_tenant_unique',
  expression:
    'create unique index "xero_connection_live_tenant_unique" on "xero_connection" ("tenant_id") ' +
    `where "status" <> 'disconnected'`,
})
export class XeroConnection {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Account, { owner: true, unique: true, deleteRule: 'cascade' })
  account: Account;

  @Enum({ items: () => XeroConnectionStatus, nativeEnumName: 'xero_connection_status' })
  status: XeroConnectionStatus = XeroConnectionStatus.Disconnected;

  @Property({ type: 'string', length: 64, nullable: true })
  tenantId?: string;

  @Property({ type: 'string', length: 255, nullable: true })
  tenantName?: string;

  /** Xero's connection id: what DELETE /connections/{id} takes. */
  @Property({ type: 'string', length: 64, nullable: true })
  connectionId?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  authEventId?: string;

  /**
   * The organisation linked before the current one, when the owner chose a different organisation: the sync
   * clears what was linked to it.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  previousTenantId?: string;

  /** AES-256-GCM ciphertext of the token set (see TokenCipher); never the tokens themselves. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  tokenSet?: string;

  @Property({ type: 'datetime', nullable: true })
  accessTokenExpiresAt?: Date;

  @Property({ type: 'json', nullable: true })
  scopes?: string[];

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  connectedBy?: User;

  @Property({ type: 'datetime', nullable: true })
  connectedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  lastRefreshedAt?: Date;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  /** The organisation's details as Xero last gave them (refreshed by every sync run). */
  @Property({ type: 'json', nullable: true })
  organisation?: XeroOrganisation;

  @Property({ type: 'datetime', nullable: true })
  organisationRefreshedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account) {
    this.account = account;
  }
}
