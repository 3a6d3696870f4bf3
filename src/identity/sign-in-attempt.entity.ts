import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Sign-in attempts counted per email and per address, in PostgreSQL so that every app instance sees the same
 * count. The key is a hash: no email or address is stored here.
 */
@Entity()
export class SignInAttempt {
  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  @Property({ type: 'integer' })
  hits: number;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  blockedUntil?: Date;

  constructor(key: string, hits: number, expiresAt: Date) {
    this.key = key;
    this.hits = hits;
    this.expiresAt = expiresAt;
  }
}
