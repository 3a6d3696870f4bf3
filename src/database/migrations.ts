import type { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { reportDatabaseError } from './database-outage';

/** Arbitrary, fixed: the advisory lock every instance takes before it looks at the schema. */
const MIGRATION_LOCK = 74_201_514;

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so instances booting together on one database take
 * turns. The lock lives on a connection of its own, held for the whole run, and goes with that connection if
 * the process dies.
 */
export async function withAdvisoryLock<T>(
  connectionString: string,
  key: number,
  source: string,
  work: () => Promise<T>,
): Promise<T> {
  const lock = new Client({ connectionString });
  lock.on('error', (error) => reportDatabaseError(error, source));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    // Closing the session releases the lock too; unlocking first frees the next instance at once.
    await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await lock.end();
  }
}

/** Applies pending migrations under the migration lock: the first instance applies them, the others find none. */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  return withAdvisoryLock(orm.config.get('clientUrl')!, MIGRATION_LOCK, 'migration lock', async () => {
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  });
}
