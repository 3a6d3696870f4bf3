import type { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { reportDatabaseError } from './database-outage';

/** Arbitrary, fixed: the advisory lock every instance takes before it looks at the schema. */
const MIGRATION_LOCK = 74_201_514;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so instances booting together on one
 * database take turns: the first applies them, the others then find nothing pending. The lock lives on a
 * connection of its own, held for the whole run, and goes with that connection if the process dies.
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  lock.on('error', (error) => reportDatabaseError(error, 'migration lock'));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    // Closing the session releases the lock too; unlocking first frees the next instance at once.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
