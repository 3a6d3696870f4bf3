import { Entity, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account, User } from '../identity';

export interface PendingOrganisation {
  connectionId: string;
  tenantId: string;
  tenantName: string;
}

/**
 * Tokens of a finished consent that still wait for the owner: to choose one of several organisations, or to
 * confirm a different organisation than the one linked before. Expires with the attempt's 10 minutes.
 */
@Entity()
export class PendingXeroLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  /** Encrypted like XeroConnection.tokenSet. */
  @Property({ type: 'text', hidden: true })
  tokenSet: string;

  @Property({ type: 'json' })
  organisations: PendingOrganisation[];

  /** Set once the owner has picked one and a confirmation is still needed. */
  @Property({ type: 'string', length: 64, nullable: true })
  chosenConnectionId?: string;

  @Property({ type: 'datetime' })
  expiresAt: Date & Opt = new Date(Date.now() + 10 * 60_000);

  constructor(account: Account, user: User, tokenSet: string, organisations: PendingOrganisation[]) {
    this.account = account;
    this.user = user;
    this.tokenSet = tokenSet;
    this.organisations = organisations;
  }
}
