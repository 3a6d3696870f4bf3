import { Entity, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Account, User } from '../identity';

export const OAUTH_ATTEMPT_MINUTES = 10;

/**
 * One trip to Xero's consent page. The state is stored as a SHA-256 hash and the PKCE verifier encrypted;
 * the row is bound to the account, the user and (by hash) the browser session, and consumed once by an
 * atomic delete.
 */
@Entity()
export class OAuthAttempt {
  @PrimaryKey({ type: 'string', length: 64 })
  stateHash: string;

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @Property({ type: 'string', length: 64 })
  sessionHash: string;

  @Property({ type: 'text', hidden: true })
  codeVerifier: string;

  @Property({ type: 'datetime' })
  expiresAt: Date & Opt = new Date(Date.now() + OAUTH_ATTEMPT_MINUTES * 60_000);

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  constructor(stateHash: string, account: Account, user: User, sessionHash: string, codeVerifier: string) {
    this.stateHash = stateHash;
    this.account = account;
    this.user = user;
    this.sessionHash = sessionHash;
    this.codeVerifier = codeVerifier;
  }
}
