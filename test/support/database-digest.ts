import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { INestApplication } from '@nestjs/common';

/** Library bookkeeping that legitimately changes on any request (sessions roll) or is not ours. */
const IGNORED = new Set(['session', 'mikro_orm_migrations']);

/** A fingerprint of every row of every application table: equal fingerprints mean nothing changed. */
export async function databaseDigest(app: INestApplication): Promise<Record<string, string>> {
  const em = app.get(MikroORM).em.fork() as EntityManager;
  const tables = await em
    .getConnection()
    .execute<
      { table_name: string }[]
    >(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const digest: Record<string, string> = {};
  for (const { table_name } of tables.filter((t) => !IGNORED.has(t.table_name))) {
    const [row] = await em
      .getConnection()
      .execute<
        { digest: string }[]
      >(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${table_name}" t`);
    digest[table_name] = row.digest;
  }
  return digest;
}
