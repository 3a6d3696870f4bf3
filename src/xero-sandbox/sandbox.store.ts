import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type DocumentKind =
  | 'organisation'
  | 'account'
  | 'contact'
  | 'invoice'
  | 'payment'
  | 'grant'
  | 'refresh-token'
  | 'authorization-code'
  | 'connection'
  | 'signing-key';

export interface StoredDocument {
  id: string;
  tenantId?: string;
}

/**
 * The sandbox's state: held in memory for speed, written through to `xero_sandbox.document` so it survives a
 * restart. Writes are applied to memory synchronously (so a request's checks and changes cannot interleave
 * with another's) and persisted in order through one queue.
 */
@Injectable()
export class SandboxStore {
  private readonly kinds = new Map<DocumentKind, Map<string, StoredDocument>>();
  /** The same documents by kind and tenant, so an organisation's lists never scan another's. */
  private readonly tenants = new Map<string, Map<string, StoredDocument>>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly orm: MikroORM) {}

  async load(): Promise<void> {
    const rows = await this.orm.em
      .getConnection()
      .execute<
        { kind: DocumentKind; data: StoredDocument }[]
      >('select kind, data from xero_sandbox.document order by updated_at');
    this.kinds.clear();
    this.tenants.clear();
    for (const row of rows) this.put(row.kind, row.data);
  }

  get<T extends StoredDocument>(kind: DocumentKind, id: string): T | undefined {
    return this.map(kind).get(id) as T | undefined;
  }

  list<T extends StoredDocument>(kind: DocumentKind, tenantId?: string): T[] {
    const source = tenantId === undefined ? this.map(kind) : this.tenants.get(`${kind}:${tenantId}`);
    return source ? ([...source.values()] as T[]) : [];
  }

  /** Applies a document to memory only; a later save() of it persists it. */
  stage<T extends StoredDocument>(kind: DocumentKind, doc: T): void {
    this.put(kind, doc);
  }

  /** Applies the documents to memory now; the returned promise settles once they are stored. */
  save<T extends StoredDocument>(kind: DocumentKind, docs: T[]): Promise<void> {
    if (docs.length === 0) return Promise.resolve();
    for (const doc of docs) this.put(kind, doc);
    const snapshot = docs.map((doc) => JSON.stringify(doc));
    return this.enqueue(async () => {
      await this.insert(kind, docs, snapshot);
    });
  }

  remove(kind: DocumentKind, id: string): Promise<void> {
    const doc = this.map(kind).get(id);
    this.map(kind).delete(id);
    if (doc?.tenantId !== undefined) this.tenants.get(`${kind}:${doc.tenantId}`)?.delete(id);
    return this.enqueue(async () => {
      await this.orm.em
        .getConnection()
        .execute('delete from xero_sandbox.document where kind = ? and id = ?', [kind, id]);
    });
  }

  /** Forgets everything (the seed is applied again by the caller). */
  async clear(): Promise<void> {
    this.kinds.clear();
    this.tenants.clear();
    await this.enqueue(async () => {
      await this.orm.em.getConnection().execute('delete from xero_sandbox.document');
    });
  }

  /** Settles once every write made so far is stored. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private async insert(kind: DocumentKind, docs: StoredDocument[], json: string[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = docs.map((doc, i) => {
      params.push(kind, doc.id, doc.tenantId ?? null, json[i]);
      return '(?, ?, ?, ?::jsonb, clock_timestamp())';
    });
    await this.orm.em
      .getConnection()
      .execute(
        `insert into xero_sandbox.document (kind, id, tenant_id, data, updated_at) values ${tuples.join(', ')} ` +
          'on conflict (kind, id) do update set data = excluded.data, tenant_id = excluded.tenant_id, ' +
          'updated_at = excluded.updated_at',
        params,
      );
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private put(kind: DocumentKind, doc: StoredDocument): void {
    const previous = this.map(kind).get(doc.id);
    if (previous?.tenantId !== undefined && previous.tenantId !== doc.tenantId) {
      this.tenants.get(`${kind}:${previous.tenantId}`)?.delete(doc.id);
    }
    this.map(kind).set(doc.id, doc);
    if (doc.tenantId === undefined) return;
    const key = `${kind}:${doc.tenantId}`;
    let tenant = this.tenants.get(key);
    if (!tenant) {
      tenant = new Map();
      this.tenants.set(key, tenant);
    }
    tenant.set(doc.id, doc);
  }

  private map(kind: DocumentKind): Map<string, StoredDocument> {
    let map = this.kinds.get(kind);
    if (!map) {
      map = new Map();
      this.kinds.set(kind, map);
    }
    return map;
  }
}
