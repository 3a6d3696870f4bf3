/**
 * `npm run bench:pages`: seeds 10,000 learners and 20,000 invoices in a scratch account, then measures the
 * latency of the learner and invoice list pages (search, filters and deep paging included) under a small
 * concurrent load. It prints p50/p95 per page; it asserts nothing.
 *
 * Database: DATABASE_URL when set (the scratch account is deleted afterwards), otherwise a throw-away
 * embedded PostgreSQL in a temporary folder.
 */
import 'reflect-metadata';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory';
import { Role } from '../src/common';
import { loadConfig } from '../src/config';
import { RunningDatabase, startEmbeddedDatabase } from '../src/database';
import { FIRST_NAMES, LAST_NAMES, PLACES, seededRandom, STREETS } from '../src/finance/demo-records.data';
import { hashPassword } from '../src/identity';
import { freePort } from '../test/support/test-app';

const LEARNERS = Number(process.argv[2] ?? 10_000);
const INVOICES = LEARNERS * 2;
const REQUESTS_PER_PAGE = 120;
const CONCURRENCY = Number(process.argv[3] ?? 4);
const PASSWORD = 'bench-password-1';

async function openBenchDatabase(): Promise<{ database: RunningDatabase; cleanup: () => void }> {
  const external = process.env.DATABASE_URL;
  if (external)
    return {
      database: { url: external, description: 'DATABASE_URL', expectStop: () => {}, stop: async () => {} },
      cleanup: () => {},
    };
  const parent = mkdtempSync(join(tmpdir(), 'lrm-bench-'));
  // The cluster runs as the postgres system user when this runs as root: it must reach the folder.
  chmodSync(parent, 0o711);
  const database = await startEmbeddedDatabase({
    directory: join(parent, 'pg'),
    password: randomBytes(12).toString('hex'),
    databaseName: 'lrm_bench',
  });
  return { database, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Bulk rows straight into the tables, in chunks: the point is the pages, not the seeding. */
async function seed(em: EntityManager, accountName: string, email: string): Promise<string> {
  const accountId = randomUUID();
  const now = new Date();
  const connection = em.getConnection();
  await connection.execute(
    `insert into account (id, name, time_zone, currency, created_at, updated_at) values (?, ?, 'Australia/Sydney', 'AUD', now(), now())`,
    [accountId, accountName],
  );
  await connection.execute(
    `insert into "user" (id, account_id, email, name, role, password_hash, must_change_password, active, created_at, updated_at)
     values (?, ?, ?, 'Bench Finance', ?, ?, false, true, now(), now())`,
    [randomUUID(), accountId, email, Role.Finance, await hashPassword(PASSWORD)],
  );
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const learnerIds: string[] = [];
  const learners = Array.from({ length: LEARNERS }, (_, i) => {
    const id = randomUUID();
    learnerIds.push(id);
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const place = pick(PLACES);
    return {
      id,
      account_id: accountId,
      student_number: `STU-${String(i + 1).padStart(6, '0')}`,
      first_name: first,
      last_name: last,
      email: `${first}.${last}.${i}@example.com.au`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      street: `${1 + (i % 200)} ${pick(STREETS)}`,
      suburb: place.suburb,
      state: place.state,
      postcode: place.postcode,
      country: 'Australia',
      sync_to_xero: i % 10 !== 0,
      archived: false,
      version: 1,
      created_at: new Date(now.getTime() - i * 60_000),
      updated_at: now,
    };
  });
  const statuses = ['draft', 'awaiting_payment', 'paid', 'voided', 'awaiting_payment'];
  const invoices = [];
  const lines = [];
  for (let i = 0; i < INVOICES; i++) {
    const id = randomUUID();
    const total = 5_000 + Math.floor(random() * 300_000);
    const status = statuses[i % statuses.length];
    const paid =
      status === 'paid' ? total : i % 7 === 0 && status === 'awaiting_payment' ? Math.floor(total / 2) : 0;
    const issued = now.getTime() - Math.floor(random() * 730) * 86_400_000;
    invoices.push({
      id,
      account_id: accountId,
      learner_id: learnerIds[i % LEARNERS],
      number: `LRM-${String(i + 1).padStart(6, '0')}`,
      issue_date: isoDate(issued),
      due_date: isoDate(issued + 30 * 86_400_000),
      currency: 'AUD',
      status,
      subtotal_cents: total,
      tax_cents: 0,
      total_cents: total,
      amount_paid_cents: paid,
      amount_due_cents: status === 'voided' ? 0 : total - paid,
      origin: 'lrm',
      version: 1,
      created_at: now,
      updated_at: now,
    });
    lines.push({
      id: randomUUID(),
      invoice_id: id,
      position: 0,
      description: 'Tuition',
      quantity: 10_000,
      unit_amount_cents: total,
      line_amount_cents: total,
      tax_cents: 0,
      tax_type: 'EXEMPTOUTPUT',
    });
  }
  const qb = () => em.createQueryBuilder('learner').getKnex();
  for (const [table, rows] of [
    ['learner', learners],
    ['invoice', invoices],
    ['invoice_line', lines],
  ] as const) {
    for (let start = 0; start < rows.length; start += 2_000) {
      await qb()
        .table(table)
        .insert(rows.slice(start, start + 2_000));
    }
  }
  await connection.execute('analyze learner; analyze invoice; analyze invoice_line');
  return accountId;
}

/** Signs in over HTTP as a browser would and returns the session cookie. */
async function signIn(base: string, email: string): Promise<string> {
  const login = await fetch(`${base}/login`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: token }),
  });
  if (res.status !== 303) throw new Error(`bench sign-in failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? cookie).split(';')[0];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(base: string, cookie: string, path: string) {
  const get = async () => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 5; i++) await get();
  const timings: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS_PER_PAGE) timings.push(await get());
    }),
  );
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

async function main(): Promise<void> {
  const { database, cleanup } = await openBenchDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    TOKEN_ENCRYPTION_KEYS: `b1:${randomBytes(32).toString('base64')}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-bench-data-')),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PORT: String(port),
    APP_URL: base,
  });
  const app = await createApp(config, database.url);
  await app.listen(port, '127.0.0.1');
  const em = app.get(MikroORM).em.fork() as EntityManager;
  const tag = randomBytes(4).toString('hex');
  const email = `finance@bench-${tag}.test`;
  let accountId: string | undefined;
  try {
    const seeding = performance.now();
    accountId = await seed(em, `Bench ${tag}`, email);
    process.stdout.write(
      `Seeded ${LEARNERS} learners and ${INVOICES} invoices in ${Math.round(performance.now() - seeding)} ms ` +
        `(${CONCURRENCY} concurrent clients, ${REQUESTS_PER_PAGE} requests per page)\n\n`,
    );
    const cookie = await signIn(base, email);
    const pages = [
      '/',
      '/learners',
      '/learners?page=200',
      '/learners?sort=email&dir=desc&page=150',
      '/learners?q=nguyen',
      '/learners?q=olivia%20smith',
      '/learners?q=STU-0099',
      '/learners?q=.4242%40example',
      '/invoices',
      '/invoices?page=400',
      '/invoices?status=awaiting_payment',
      '/invoices?learner=nguyen',
      `/invoices?from=${isoDate(Date.now() - 90 * 86_400_000)}&to=${isoDate(Date.now())}`,
    ];
    process.stdout.write(`${'page'.padEnd(48)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}\n`);
    for (const path of pages) {
      const { p50, p95 } = await measure(base, cookie, path);
      process.stdout.write(`${path.padEnd(48)}${p50.toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}\n`);
    }
  } finally {
    if (accountId && process.env.DATABASE_URL) {
      await em.getConnection().execute('delete from invoice where account_id = ?', [accountId]);
      await em.getConnection().execute('delete from account where id = ?', [accountId]);
    }
    await app.close();
    await database.stop();
    cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
