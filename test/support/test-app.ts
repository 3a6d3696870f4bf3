import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import type { DestinationStream } from 'pino';
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
  /** The app's base URL when it listens on a real port (`{ listen: true }`), e.g. http://127.0.0.1:41234. */
  url?: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Listen on a free port with PORT and APP_URL set to it, for tests over real HTTP (OAuth, the SDKs). */
  listen?: boolean;
  /** Where the app's structured log lines go (tests that read the logs). */
  logDestination?: DestinationStream;
  /** Reuse this database instead of a fresh clone (e.g. to restart the app on the same data). */
  database?: TestDatabase;
}

/** A free TCP port on the loopback interface. */
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
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  let url: string | undefined;
  if (options.listen) {
    const port = overrides.PORT ?? String(await freePort());
    url = overrides.APP_URL ?? `http://127.0.0.1:${port}`;
    overrides = { ...overrides, PORT: port, APP_URL: url };
  }
  const config = testConfig(database.url, overrides);
  const app = await createApp(config, database.url, { logDestination: options.logDestination });
  if (options.listen) await app.listen(config.port, '127.0.0.1');
  return {
    app,
    config,
    database,
    url,
    close: async () => {
      await app.close();
      // A database handed in belongs to the caller, who drops it after its last app.
      if (!options.database) await database.drop();
    },
  };
}
