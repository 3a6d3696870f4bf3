import { defineConfig, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { join, resolve } from 'node:path';
import type { Client } from 'pg';
import { LrmPostgreSqlDriver, reportDatabaseError, reportDatabaseReachable } from './database';

/** Whether this file runs as TypeScript (tests, ts-node) or from the build in dist/. */
const RUNNING_TS = __filename.endsWith('.ts');
const ROOT = resolve(__dirname, RUNNING_TS ? '..' : '../..');

/** Tables that belong to libraries (web sessions), not to our entities. */
export const FOREIGN_TABLES = ['session'];

/** The one MikroORM configuration, used by the application, the migration commands and the tests. */
export function createOrmOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    driver: LrmPostgreSqlDriver,
    clientUrl,
    baseDir: ROOT,
    preferTs: RUNNING_TS,
    entities: ['dist/src/**/*.entity.js'],
    entitiesTs: ['src/**/*.entity.ts'],
    discovery: { warnWhenNoEntities: false },
    // A file cache of metadata written by one process and read by jest's sandboxed workers breaks Maps in it.
    metadataCache: { enabled: false },
    extensions: [Migrator],
    migrations: {
      path: join(ROOT, 'dist/migrations'),
      pathTs: join(ROOT, 'migrations'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    schemaGenerator: { skipTables: FOREIGN_TABLES },
    // require() rather than import(): entity and migration files then load under jest's module system too.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    dynamicImportProvider: (id: string) => Promise.resolve(require(id)),
    pool: {
      min: 0,
      max: 10,
      // A database out of reach fails requests in seconds (503), rather than after knex's minute.
      acquireTimeoutMillis: 10_000,
      afterCreate: watchConnection,
    },
    debug: false,
    // knex reports a lost connection on the console; it goes to the same outage report instead.
    driverOptions: {
      log: {
        warn: (message: unknown) => reportDatabaseError(new Error(String(message)), 'ORM'),
        error: (message: unknown) => reportDatabaseError(new Error(String(message)), 'ORM'),
      },
    },
    ...overrides,
  });
}

/** The pools' one error strategy (see watchPool), for the ORM's own connections. */
function watchConnection(connection: Client, done: (error: Error | null, connection: Client) => void): void {
  connection.on('error', (error) => reportDatabaseError(error, 'ORM'));
  reportDatabaseReachable('ORM');
  done(null, connection);
}
