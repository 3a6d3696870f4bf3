import { Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every piece of sandbox state (organisations, contacts, invoices, payments, grants, keys) as one JSON
 * document per row, in a schema of its own so the emulator never mixes with the product's tables.
 */
@Entity({ schema: 'xero_sandbox', tableName: 'document' })
@Index({ properties: ['kind', 'tenantId'] })
export class SandboxDocument {
  @PrimaryKey({ type: 'text' })
  kind: string;

  @PrimaryKey({ type: 'text' })
  id: string;

  @Property({ type: 'text', nullable: true })
  tenantId?: string;

  @Property({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date & Opt;

  constructor(kind: string, id: string, data: Record<string, unknown>, tenantId?: string) {
    this.kind = kind;
    this.id = id;
    this.data = data;
    this.tenantId = tenantId;
  }
}
