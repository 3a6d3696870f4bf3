import 'reflect-metadata';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { AppConfig } from '../src/config';
import { RunningDatabase, startEmbeddedDatabase } from '../src/database';
import { NORTHWIND_TENANT_ID } from '../src/xero-sandbox/sandbox.seed';
import { createAccountWithUsers, TEST_PASSWORD } from '../test/factories/identity.factory';
import { signIn, Visitor } from '../test/support/browser-session';
import { createLearners, pressSyncNow, RunView, xeroContacts } from '../test/support/sync';
import { freePort, testConfig } from '../test/support/test-app';
import { connectAs } from '../test/support/xero-connect';

/**
 * `npm run bench:sync`: the contacts stream of the sync engine, learners → Xero contacts through pg-boss, the
 * real gateway and the built-in sandbox over real HTTP. It prints figures; it never asserts a time.
 * Part 1: BENCH_LEARNERS (10,000) learners into an empty organisation with the sandbox's limits off, repeated
 * BENCH_REPEATS times (the median is quoted). Part 2: BENCH_LIMITED_LEARNERS (1,000) learners under Xero's
 * limits (60 calls a minute, 5 concurrent). Every run gets an app and a database of its own.
 * Uses BENCH_DATABASE_URL's server when set (fresh databases are created on it), else an embedded PostgreSQL.
 */
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 10_000);
const LIMITED_LEARNERS = Number(process.env.BENCH_LIMITED_LEARNERS ?? 1_000);
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 1));
const ORGANISATION = 'Northwind College Pty Ltd'; // multi@sandbox.test's second organisation
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const BATCH = 50;
const XERO_PAGE = 1_000;
const PER_MINUTE = 60;
const RUN_TIMEOUT_MS = 60 * 60_000;
/**
 * The gateway paces every organisation at Xero's 60 calls a minute whatever the sandbox's limits: records
 * written before its first wait (50 batches, well inside the first 60 calls) show the engine's own speed.
 */
const UNPACED_RECORDS = 50 * BATCH;

type RunJson = RunView & { finishedAt?: string | null };

/** Reads the run's JSON until it is over; also when `records` contacts were first counted as created. */
async function followRun(
  owner: Visitor,
  runId: string,
  records: number,
): Promise<{ run: RunJson; reachedAt?: number }> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let reachedAt: number | undefined;
  for (;;) {
    const res = await owner.agent
      .get(`/settings/integrations/xero/runs/${runId}`)
      .set('Accept', 'application/json')
      .expect(200);
    const run = res.body as RunJson;
    if (reachedAt === undefined && (run.counts.contacts?.created ?? 0) >= records) reachedAt = Date.now();
    if (!['queued', 'running', 'paused'].includes(run.status)) return { run, reachedAt };
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${RUN_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface DatabaseServer {
  /** A new empty database on the server. */
  create(): Promise<string>;
  stop(): Promise<void>;
}

async function databaseServer(): Promise<DatabaseServer> {
  const created: string[] = [];
  const admin = async (serverUrl: string, sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  const create = (serverUrl: string) => async () => {
    const name = `lrm_bench_${randomBytes(4).toString('hex')}`;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const server = process.env.BENCH_DATABASE_URL;
  if (server) {
    return {
      create: create(server),
      stop: async () => {
        for (const name of created) await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const parent = mkdtempSync(join(tmpdir(), 'lrm-bench-'));
  chmodSync(parent, 0o711);
  const embedded: RunningDatabase = await startEmbeddedDatabase({
    directory: join(parent, 'pg'),
    password: 'bench',
    databaseName: 'lrm_bench',
  });
  return {
    create: create(embedded.url),
    stop: async () => {
      await embedded.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

interface Instance {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

async function startInstance(server: DatabaseServer, limits: boolean): Promise<Instance> {
  const databaseUrl = await server.create();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig(databaseUrl, {
    LOG_LEVEL: 'silent',
    PORT: String(port),
    APP_URL: url,
    SYNC_POLLING_SECONDS: '0.5',
    XERO_SANDBOX_LIMITS: String(limits),
    // With the limits off the pacer's own minute must not be what is measured.
    ...(limits ? {} : { XERO_CALLS_PER_MINUTE: '100000' }),
    XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  const app = await createApp(config, databaseUrl);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    config,
    url,
    close: async () => {
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

const admin = (instance: Instance) => ({
  counters: async () =>
    (
      await request(instance.url)
        .get('/xero-sandbox/admin/counters')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .expect(200)
    ).body as {
      calls: Record<string, number>;
      faults: Record<string, number>;
      callsInsideRetryAfter: Record<string, number>;
    },
  reset: () =>
    request(instance.url)
      .post('/xero-sandbox/admin/counters/reset')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(204),
});

interface Measured {
  learners: number;
  contactsBefore: number;
  run: RunJson;
  wallSeconds: number;
  /** Seconds from Sync now until UNPACED_RECORDS contacts were created (when the run had that many). */
  unpacedSeconds?: number;
  sandboxCalls: number;
  limitRefusals: number;
  insideRetryAfter: number;
  peakRssBytes: number;
  /** CPU this process (app, sandbox and workers) spent during the run: the cores are shared. */
  cpuSeconds: number;
}

/** One account connected to the organisation, `learners` learners, one Sync now, measured. */
async function measure(server: DatabaseServer, learners: number, limits: boolean): Promise<Measured> {
  const instance = await startInstance(server, limits);
  try {
    const { account } = await createAccountWithUsers(instance.app, 'bench');
    const owner: Visitor = await signIn(instance.app, 'owner@bench.test', TEST_PASSWORD);
    const { callback } = await connectAs(owner, {
      email: 'multi@sandbox.test',
      organisations: [ORGANISATION],
    });
    const manage = await owner.agent.get('/settings/integrations/xero').expect(200);
    if (callback.status !== 303 || !manage.text.includes(ORGANISATION))
      throw new Error(`connecting to ${ORGANISATION} did not succeed (callback ${callback.status})`);
    const contactsBefore = (await xeroContacts(instance.app, instance.config.xero.apiUrl, account.id)).length;
    await createLearners(instance.app, account.id, learners, 'BEN');
    // Counters and the minute's usage start from zero for the run itself.
    await admin(instance).reset();

    let peakRssBytes = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
    }, 100);
    const pressed = Date.now();
    const cpuBefore = process.cpuUsage();
    let followed: Awaited<ReturnType<typeof followRun>>;
    try {
      followed = await followRun(owner, await pressSyncNow(owner), UNPACED_RECORDS);
    } finally {
      clearInterval(sampler);
    }
    const { run, reachedAt } = followed;
    const finished = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
    const cpu = process.cpuUsage(cpuBefore);

    const counters = await admin(instance).counters();
    const tenantId = NORTHWIND_TENANT_ID.toLowerCase();
    const forTenant = Object.entries(counters.calls).filter(([key]) => key.endsWith(` ${tenantId}`));
    return {
      learners,
      contactsBefore,
      run,
      wallSeconds: (finished - pressed) / 1000,
      unpacedSeconds: learners >= UNPACED_RECORDS && reachedAt ? (reachedAt - pressed) / 1000 : undefined,
      sandboxCalls: forTenant.reduce((sum, [, n]) => sum + n, 0),
      limitRefusals: Object.entries(counters.faults)
        .filter(([kind]) => kind.startsWith('limit:'))
        .reduce((sum, [, n]) => sum + n, 0),
      insideRetryAfter: counters.callsInsideRetryAfter[tenantId] ?? 0,
      peakRssBytes,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await instance.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const goal = (n: number, c: number) => Math.ceil(n / BATCH) + Math.ceil(c / XERO_PAGE) + 2;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const outcome = (m: Measured) => {
  const c = m.run.counts.contacts ?? { created: 0, failed: 0 };
  return `${m.run.status}, ${c.created} created, ${c.failed} failed`;
};

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const server = await databaseServer();
  try {
    const unlimited: Measured[] = [];
    for (let i = 0; i < REPEATS; i++) unlimited.push(await measure(server, LEARNERS, false));
    const limited = await measure(server, LIMITED_LEARNERS, true);

    const n = LEARNERS;
    const calls = median(unlimited.map((m) => m.run.apiCalls));
    const sandboxCalls = median(unlimited.map((m) => m.sandboxCalls));
    const contactsBefore = median(unlimited.map((m) => m.contactsBefore));
    const wall = median(unlimited.map((m) => m.wallSeconds));
    const naive = 2 * n;
    const bound = (limited.run.apiCalls / PER_MINUTE) * 60;
    const quoted = REPEATS > 1 ? ` (median of ${REPEATS})` : '';
    const rows: [string, string][] = [
      [`1. ${n} learners, limits off${quoted}`, ''],
      ['   run', unlimited.map(outcome).join(' | ')],
      [`   contacts in ${ORGANISATION} before (C)`, String(contactsBefore)],
      ['   Xero calls (run apiCalls)', String(calls)],
      ['   Xero calls (sandbox count, tenant)', String(sandboxCalls)],
      ['   goal ⌈N/50⌉ + ⌈C/1,000⌉ + 2', String(goal(n, contactsBefore))],
      ['   naive per-record calls (2N)', String(naive)],
      ['   ours / naive', `${(calls / naive).toFixed(4)} (${(naive / calls).toFixed(0)}× fewer)`],
      ['   wall time (Sync now → finished)', `${wall.toFixed(2)} s`],
      ['   records per second', (n / wall).toFixed(0)],
      ['   CPU of this process during the run', `${median(unlimited.map((m) => m.cpuSeconds)).toFixed(1)} s`],
      ['   peak RSS during run (sampled)', mb(Math.max(...unlimited.map((m) => m.peakRssBytes)))],
      ['   process maxRSS (whole bench, both parts)', mb(process.resourceUsage().maxRSS * 1024)],
      [`2. ${limited.learners} learners, Xero's limits (60/min, 5 concurrent)`, ''],
      ['   run', outcome(limited)],
      [`   contacts in ${ORGANISATION} before (C)`, String(limited.contactsBefore)],
      ['   Xero calls (run apiCalls / sandbox count)', `${limited.run.apiCalls} / ${limited.sandboxCalls}`],
      ['   goal ⌈N/50⌉ + ⌈C/1,000⌉ + 2', String(goal(limited.learners, limited.contactsBefore))],
      ['   429s from the limits', String(limited.limitRefusals)],
      ['   wall time (Sync now → finished)', `${limited.wallSeconds.toFixed(2)} s`],
      ['   CPU of this process during the run', `${limited.cpuSeconds.toFixed(1)} s`],
      ['   bound at 60 calls a minute (calls / 60 per min)', `${bound.toFixed(2)} s`],
      ['   wall time / bound', (limited.wallSeconds / bound).toFixed(2)],
      // The minute is a sliding window: the first 60 calls go at once, each further 60 wait a minute.
      [
        '   least the minute window forces',
        `${Math.floor(Math.max(0, limited.sandboxCalls - 1) / PER_MINUTE) * 60} s`,
      ],
      ['   calls inside a Retry-After window', String(limited.insideRetryAfter)],
    ];
    process.stdout.write(`${table(rows)}\n`);
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:sync failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
