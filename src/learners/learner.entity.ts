import { Entity, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';

/** A learner of a training organisation; pushed to Xero as a contact while `syncToXero` is on. */
@Entity()
@Unique({ properties: ['account', 'studentNumber'] })
@Index({ properties: ['account', 'lastName', 'firstName', 'id'] })
@Index({ properties: ['account', 'createdAt'] })
@Index({ properties: ['account', 'email'] })
@Index({ properties: ['account', 'studentNumber', 'id'] })
// Trigram index for the list's ILIKE search (name, preferred name, email, student number); pg_trgm is created
// by the migration. The expressions match LearnersService.list exactly, or PostgreSQL would not use it.
@Index({
  name: 'learner_search_trgm',
  expression:
    `create index "learner_search_trgm" on "learner" using gin ` +
    `(((first_name || ' ' || last_name)) gin_trgm_ops, preferred_name gin_trgm_ops, email gin_trgm_ops, student_number gin_trgm_ops)`,
})
export class Learner {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  /** The Xero ContactNumber too, so it must never change once a contact exists. */
  @Property({ length: 30 })
  studentNumber: string;

  @Property({ length: 100 })
  firstName: string;

  @Property({ length: 100 })
  lastName: string;

  @Property({ type: 'string', length: 100, nullable: true })
  preferredName?: string | null;

  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'string', length: 50, nullable: true })
  phone?: string | null;

  /** A calendar date (YYYY-MM-DD), no time zone. */
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  street?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  suburb?: string | null;

  @Property({ type: 'string', length: 50, nullable: true })
  state?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  postcode?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  country?: string | null;

  @Property({ type: 'boolean' })
  syncToXero: boolean & Opt = true;

  @Property({ type: 'boolean' })
  archived: boolean & Opt = false;

  @Property({ type: 'integer', version: true })
  version: number & Opt = 1;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, studentNumber: string, firstName: string, lastName: string) {
    this.account = account;
    this.studentNumber = studentNumber;
    this.firstName = firstName;
    this.lastName = lastName;
  }

  get fullName(): string {
    return `${this.firstName} ${this.lastName}`;
  }
}
