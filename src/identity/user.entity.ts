import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Role } from '../common';
import { Account } from './account.entity';

@Entity()
@Index({ properties: ['account', 'email'] })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  /** Stored lower-case; unique across the whole product since it is the sign-in name. */
  @Property({ length: 254 })
  @Unique()
  email: string;

  @Property({ length: 200 })
  name: string;

  @Enum({ items: () => Role, nativeEnumName: 'user_role' })
  role: Role;

  @Property({ hidden: true, lazy: true, length: 255 })
  passwordHash: string;

  /** Set when the owner handed over an initial password that the user must replace at first sign-in. */
  @Property({ type: 'boolean' })
  mustChangePassword: boolean & Opt = false;

  @Property({ type: 'boolean' })
  active: boolean & Opt = true;

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt?: Date;

  /** Sessions signed in before this moment are void: moved on a password change and on deactivation. */
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  sessionsValidFrom: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, email: string, name: string, role: Role, passwordHash: string) {
    this.account = account;
    this.email = email.trim().toLowerCase();
    this.name = name;
    this.role = role;
    this.passwordHash = passwordHash;
  }
}
