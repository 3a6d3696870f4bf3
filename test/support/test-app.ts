import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { AppConfig, EnvironmentSource, loadConfig } from '../../src/config';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_SESSION_SECRET = 'test-session-secret-that-is-long-enough-0123456789';
export const TEST_TOKEN_KEYS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;

export function testConfig(databaseUrl: string, overrides: EnvironmentSource = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: TEST_SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: TEST_TOKEN_KEYS,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-data-')),
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The whole application on a database of this test file's own. */
export async function startTestApp(overrides: EnvironmentSource = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, overrides);
  const app = await createApp(config, database.url);
  return {
    app,
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
