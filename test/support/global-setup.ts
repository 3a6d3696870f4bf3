import { MikroORM } from '@mikro-orm/postgresql';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, startEmbeddedDatabase } from '../../src/database';
import { createOrmOptions } from '../../src/mikro-orm.config';
import {
  assertTestDatabaseName,
  quoteIdent,
  runAdmin,
  TEMPLATE_URL_VARIABLE,
  withDatabase,
} from './test-database';
import { testState } from './test-state';

/**
 * Once per `jest` run: find the PostgreSQL server (TEST_DATABASE_URL, or an embedded one started here),
 * create a template database and apply every migration to it. Each test file then clones the template.
 */
export default async function globalSetup(): Promise<void> {
  let baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    const parent = mkdtempSync(join(tmpdir(), 'lrm-test-'));
    // The cluster runs as the postgres system user when tests run as root: it must reach the folder.
    chmodSync(parent, 0o711);
    const directory = join(parent, 'pg');
    const database = await startEmbeddedDatabase({ directory, password: 'test', databaseName: 'lrm_test' });
    testState.embedded = database;
    baseUrl = database.url;
  }
  const base = assertTestDatabaseName(baseUrl);
  const template = `${base}_${process.pid}_template`;
  const templateUrl = withDatabase(baseUrl, template);
  await runAdmin(baseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)}`);
    await client.query(`CREATE DATABASE ${quoteIdent(template)}`);
  });
  const orm = await MikroORM.init(createOrmOptions(templateUrl));
  try {
    await applyMigrations(orm);
  } finally {
    await orm.close(true);
    // MikroORM keeps entity metadata on globalThis; a test running in this same process (jest --runInBand)
    // must discover its own entities, not these from outside its sandbox.
    delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  }
  // Jest copies this process's globals into every test context; MikroORM keeps entity metadata in a global,
  // and Maps from this realm break its cloning inside a test run in band. Each test discovers its own.
  delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  testState.templateUrl = templateUrl;
  process.env[TEMPLATE_URL_VARIABLE] = templateUrl;
}
