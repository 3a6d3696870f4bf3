import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
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
  /** The base URL when started with `listen: true` (browser tests, benchmarks). */
  url?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen on a free local port, with APP_URL set to it so same-origin checks accept the browser. */
  listen?: boolean;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The whole application on a database of this test file's own. */
export async function startTestApp(
  overrides: EnvironmentSource = {},
  options: StartOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  let url: string | undefined;
  if (options.listen) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    overrides = { PORT: String(port), APP_URL: url, ...overrides };
  }
  const config = testConfig(database.url, overrides);
  const app = await createApp(config, database.url);
  if (options.listen) await app.listen(config.port, '127.0.0.1');
  return {
    app,
    config,
    database,
    url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
