import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadProcessConfig } from '../config';
import { applyMigrations, openDatabase } from '../database';
import { createOrmOptions } from '../mikro-orm.config';

/**
 * `npm run migrate`: applies pending migrations. `npm run migration:create`: applies them, then writes the
 * next migration from the difference between the entities and the database.
 */
async function run(create: boolean): Promise<void> {
  const config = loadProcessConfig();
  const database = await openDatabase(config);
  const orm = await MikroORM.init(createOrmOptions(database.url));
  try {
    const applied = await applyMigrations(orm);
    process.stdout.write(`Applied ${applied.length} migration(s) on ${database.description}\n`);
    if (create) {
      const result = await orm.getMigrator().createMigration();
      process.stdout.write(
        result.diff.up.length > 0
          ? `Created migrations/${result.fileName}\n`
          : 'No schema changes: nothing created\n',
      );
    }
  } finally {
    await orm.close(true);
    await database.stop();
  }
}

run(process.argv.includes('--create')).catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `Configuration error: ${error.message}\n`
      : `Migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
