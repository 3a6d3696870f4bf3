import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/** A one-time form token a user has submitted, and where its result is: a second submission goes there. */
@Entity()
export class FormSubmission {
  [PrimaryKeyProp]?: ['userId', 'token'];

  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @PrimaryKey({ type: 'string', length: 64 })
  token: string;

  /** Set once the submission is recorded; empty while it is being recorded. */
  @Property({ type: 'text', nullable: true })
  location?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  constructor(userId: string, token: string) {
    this.userId = userId;
    this.token = token;
  }
}
