import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AccountingApi, Contacts } from 'xero-node';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
import { RunningDatabase, startEmbeddedDatabase } from '../src/database';
import { freePort, TEST_SESSION_SECRET, TEST_TOKEN_KEYS } from '../test/support/test-app';
import { connectSandbox } from '../test/support/xero-sandbox';

/**
 * `npm run bench:sandbox`: how long the sandbox takes to take 10,000 contacts in batches of 50 with its
 * limits off, through xero-node over real HTTP. It prints figures; it never asserts a time.
 * Uses BENCH_DATABASE_URL's server when set (a fresh database is created on it), else an embedded PostgreSQL.
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const BATCH = 50;

async function database(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = process.env.BENCH_DATABASE_URL;
  if (server) {
    const name = `lrm_bench_${randomBytes(4).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.toString(), stop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
  }
  const parent = mkdtempSync(join(tmpdir(), 'lrm-bench-'));
  chmodSync(parent, 0o711);
  const embedded: RunningDatabase = await startEmbeddedDatabase({
    directory: join(parent, 'pg'),
    password: 'bench',
    databaseName: 'lrm_bench',
  });
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function batches(prefix: string): Contacts[] {
  return Array.from({ length: CONTACTS / BATCH }, (_, b) => ({
    contacts: Array.from({ length: BATCH }, (_, i) => {
      const n = b * BATCH + i;
      return {
        name: `${prefix} Learner ${n}`,
        contactNumber: `${prefix}-${n}`,
        emailAddress: `l${n}@bench.example`,
      };
    }),
  }));
}

async function write(
  api: AccountingApi,
  tenantId: string,
  work: Contacts[],
  workers: number,
): Promise<number> {
  const queue = [...work];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const result = await api.createContacts(tenantId, batch, false);
        if (result.body.contacts!.some((c) => c.statusAttributeString !== 'OK'))
          throw new Error('a contact failed');
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const db = await database();
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: db.url,
    SESSION_SECRET: TEST_SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: TEST_TOKEN_KEYS,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-bench-data-')),
    LOG_LEVEL: 'silent',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    XERO_SANDBOX_LIMITS: 'false',
  });
  const app = await createApp(config, db.url);
  await app.listen(port, '127.0.0.1');
  try {
    const connection = await connectSandbox({ url: config.appUrl, config }, { email: 'multi@sandbox.test' });
    const report = async (label: string, tenantName: string, workers: number) => {
      const api = new AccountingApi();
      api.basePath = `${config.xero.apiUrl}/api.xro/2.0`;
      api.accessToken = connection.accessToken;
      const ms = await write(api, connection.tenants[tenantName], batches(label), workers);
      const calls = CONTACTS / BATCH;
      process.stdout.write(
        `${label}: ${CONTACTS} contacts in ${calls} batches of ${BATCH}, ${workers} at a time: ` +
          `${(ms / 1000).toFixed(2)} s (${(ms / calls).toFixed(1)} ms per batch, ${Math.round(CONTACTS / (ms / 1000))} contacts/s)\n`,
      );
    };
    await report('Sequential', 'Demo Training Co (Xero)', 1);
    await report('Concurrent', 'Northwind College Pty Ltd', 5);
  } finally {
    await app.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:sandbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
