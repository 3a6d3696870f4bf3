import { Entity, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';

/** A learner of a training organisation; pushed to Xero as a contact while `syncToXero` is on. */
@Entity()
@Unique({ properties: ['account', 'studentNumber'] })
@Index({ properties: ['account', 'lastName', 'firstName', 'id'] })
@Index({ properties: ['account', 'createdAt'] })
@Index({ properties: ['account', 'email', 'id'] })
@Index({ properties: ['account', 'studentNumber', 'id'] })
// Trigram index for the list's search box (LIKE '%...%' on search_text); pg_trgm comes from the migration.
@Index({
  name: 'learner_search_trgm',
  expression: 'create index "learner_search_trgm" on "learner" using gin ("search_text" gin_trgm_ops)',
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

  /**
   * What the search box matches, lower-cased in one column kept by PostgreSQL: names, preferred name, email,
   * student number. One cheap LIKE per row, and one trigram index serves every search.
   */
  @Property({
    type: 'text',
    // Written with PostgreSQL's own casts so MikroORM's schema diff sees the stored expression as equal.
    generated:
      "(lower(first_name || ' ' || last_name || ' ' || coalesce(preferred_name, ''::character varying) || ' ' || " +
      "coalesce(email, ''::character varying) || ' ' || student_number)) stored",
    hidden: true,
    lazy: true,
  })
  searchText?: string & Opt;

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
