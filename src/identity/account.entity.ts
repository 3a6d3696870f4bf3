import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** A training organisation: the tenant every record belongs to. */
@Entity()
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ length: 200 })
  name: string;

  @Property({ type: 'string', length: 64 })
  timeZone: string & Opt = 'Australia/Sydney';

  @Property({ type: 'string', length: 3 })
  currency: string & Opt = 'AUD';

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(name: string) {
    this.name = name;
  }
}
