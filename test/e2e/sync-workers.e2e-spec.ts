import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import request from 'supertest';
import { SyncLink } from '../../src/sync';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { signIn } from '../support/browser-session';
import { createLearners, duplicates, pressSyncNow, waitForRun, xeroContacts } from '../support/sync';
import { startTestApp, TestApp } from '../support/test-app';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';
import { connectAs } from '../support/xero-connect';

const ADMIN_TOKEN = 'sync-workers-admin-token-0123456';
/** A dead worker's job is handed on after 8 s; a run without progress for 3 s is taken over. */
const TIMING = { SYNC_JOB_EXPIRE_SECONDS: '8', SYNC_MAINTENANCE_SECONDS: '1', SYNC_STALE_AFTER_SECONDS: '3' };

/**
 * The app in this process serves pages and the Xero sandbox with no sync worker of its own; the workers are
 * other LRM processes on the same database, as in a deployment with several instances.
 */
describe('sync workers in other processes', () => {
  let t: TestApp;
  const workers: WorkerProcess[] = [];
  const em = () => t.app.get(MikroORM).em.fork() as EntityManager;

  beforeEach(async () => {
    t = await startTestApp(
      {
        SYNC_WORKERS: 'false',
        XERO_SANDBOX_LIMITS: 'false',
        XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN,
        XERO_SANDBOX_LATENCY_MS: '40',
        ...TIMING,
      },
      { listen: true },
    );
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await t.close();
  });

  it('resumes a 2,000-learner run after its worker is killed, with no duplicate and no learner missing', async () => {
    const { account } = await createAccountWithUsers(t.app, 'killed');
    const owner = await signIn(t.app, 'owner@killed.test', TEST_PASSWORD);
    await connectAs(owner, { email: 'single@sandbox.test' });
    await createLearners(t.app, account.id, 2000, 'KIL');

    const first = await startWorkerProcess(t, TIMING);
    workers.push(first);
    const runId = await pressSyncNow(owner);
    const linked = () => em().count(SyncLink, { account: account.id });
    for (let waited = 0; (await linked()) < 300; waited += 50) {
      if (waited > 120_000) throw new Error(`no progress:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await linked();
    expect(atKill).toBeLessThan(2000);

    workers.push(await startWorkerProcess(t, TIMING));
    const run = await waitForRun(owner, runId, 180_000);
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    expect(run.attempts).toBeGreaterThanOrEqual(2);

    const ours = (await xeroContacts(t.app, t.config.xero.apiUrl, account.id)).filter((c) =>
      c.ContactNumber?.startsWith('KIL-'),
    );
    expect(ours).toHaveLength(2000);
    expect(duplicates(ours.map((c) => c.ContactNumber!))).toEqual([]);
    expect(duplicates(ours.map((c) => c.Name))).toEqual([]);
    expect(await linked()).toBe(2000);
  }, 300_000);

  it('runs one sync per account at a time across two instances, sending no learner twice', async () => {
    const accounts = [];
    for (const [prefix, xeroUser, organisations] of [
      ['one', 'single@sandbox.test', undefined],
      ['two', 'multi@sandbox.test', ['Northwind College Pty Ltd']],
    ] as const) {
      const { account } = await createAccountWithUsers(t.app, prefix);
      const owner = await signIn(t.app, `owner@${prefix}.test`, TEST_PASSWORD);
      await connectAs(owner, { email: xeroUser, organisations: organisations && [...organisations] });
      await createLearners(t.app, account.id, 300, prefix.toUpperCase());
      accounts.push({ account, owner, prefix });
    }
    workers.push(await startWorkerProcess(t), await startWorkerProcess(t));
    await request(t.url!)
      .post('/xero-sandbox/admin/counters/reset')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(204);

    // Each run's job is delivered twice, as a redelivery would: both instances take one copy at once.
    const boss = new PgBoss({
      connectionString: t.database.url,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    await boss.start();
    const runIds: string[] = [];
    for (const { account, owner } of accounts) {
      const runId = await pressSyncNow(owner);
      expect(await pressSyncNow(owner)).toBe(runId);
      await boss.send('sync-run', { runId, accountId: account.id });
      runIds.push(runId);
    }
    await boss.stop({ graceful: false });
    const runs = await Promise.all(accounts.map(({ owner }, i) => waitForRun(owner, runIds[i], 120_000)));
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((r) => r.counts.contacts.created)).toEqual([300, 300]);

    const counters = await request(t.url!)
      .get('/xero-sandbox/admin/counters')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    // 300 learners in batches of 50: six creates per organisation, and no contact written twice.
    const creates = Object.entries(counters.body.calls as Record<string, number>).filter(([key]) =>
      key.startsWith('PUT Contacts'),
    );
    expect(creates.map(([, n]) => n)).toEqual([6, 6]);
    expect(counters.body.writes).toBe(600);
    for (const { account, prefix } of accounts) {
      const ours = (await xeroContacts(t.app, t.config.xero.apiUrl, account.id)).filter((c) =>
        c.ContactNumber?.startsWith(`${prefix.toUpperCase()}-`),
      );
      expect(ours).toHaveLength(300);
    }
  }, 300_000);
});
