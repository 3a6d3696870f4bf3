import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { Account, DEMO_ACCOUNT_NAME, DEMO_PASSWORD } from '../../src/identity';
import { Learner } from '../../src/learners';
import { SyncLink } from '../../src/sync';
import { XeroTokensService } from '../../src/xero-auth';
import { SandboxAppService } from '../../src/xero-sandbox/sandbox-app.service';
import { DEMO_OVERLAPPING_CONTACTS } from '../../src/xero-sandbox/sandbox.seed';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { signIn, Visitor } from '../support/browser-session';
import { createLearners, duplicates, pressSyncNow, waitForRun, xeroContacts } from '../support/sync';
import { startTestApp, TestApp } from '../support/test-app';
import { connectAs } from '../support/xero-connect';

const ADMIN_TOKEN = 'sync-test-admin-token-0123456789';
const FAST = {
  SYNC_POLLING_SECONDS: '0.5',
  SYNC_RETRY_DELAY_SECONDS: '1',
  XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN,
};

describe('first sync of the demo learners', () => {
  let t: TestApp;
  let owner: Visitor;
  let accountId: string;
  const em = () => t.app.get(MikroORM).em.fork() as EntityManager;
  const contacts = () => xeroContacts(t.app, t.config.xero.apiUrl, accountId);

  beforeAll(async () => {
    t = await startTestApp({ ...FAST, SEED_DEMO: 'true' }, { listen: true });
    owner = await signIn(t.app, 'owner@demo.test', DEMO_PASSWORD);
    accountId = (await em().findOneOrFail(Account, { name: DEMO_ACCOUNT_NAME })).id;
    await connectAs(owner, { email: 'single@sandbox.test' });
  });
  afterAll(() => t.close());

  it('gives every syncing learner exactly one contact, matching those Xero already had', async () => {
    const syncing = await em().find(Learner, { account: accountId, syncToXero: true, archived: false });
    expect(syncing.length).toBeGreaterThan(40);
    const run = await waitForRun(owner, await pressSyncNow(owner));

    const inXero = await contacts();
    for (const learner of syncing) {
      expect([
        learner.studentNumber,
        inXero.filter((c) => c.ContactNumber === learner.studentNumber).length,
      ]).toEqual([learner.studentNumber, 1]);
    }
    expect(duplicates(inXero.flatMap((c) => (c.ContactNumber ? [c.ContactNumber] : [])))).toEqual([]);
    const active = inXero.filter((c) => c.ContactStatus === 'ACTIVE');
    expect(duplicates(active.map((c) => c.Name.toLowerCase()))).toEqual([]);

    const { sameNumber, archivedSameNumber, sameNameAndEmail, sameNameOtherEmail } =
      DEMO_OVERLAPPING_CONTACTS;
    const byNumber = (n: string) => inXero.find((c) => c.ContactNumber === n)!;
    // The contacts Xero had are linked, not duplicated; the namesake with another email is left alone.
    expect(byNumber(sameNumber.ContactNumber).ContactID).toBe(sameNumber.contactId);
    expect(byNumber(archivedSameNumber.ContactNumber).ContactID).toBe(archivedSameNumber.contactId);
    expect(byNumber(sameNameAndEmail.learner.studentNumber).ContactID).toBe(sameNameAndEmail.contactId);
    const thomas = byNumber(sameNameOtherEmail.learner.studentNumber);
    expect(thomas.ContactID).not.toBe(sameNameOtherEmail.contactId);
    expect(thomas.Name).toBe(`Thomas Lee (${sameNameOtherEmail.learner.studentNumber})`);
    expect(inXero.find((c) => c.ContactID === sameNameOtherEmail.contactId)).toMatchObject({
      Name: 'Thomas Lee',
      EmailAddress: 'tom.lee@example.net',
    });

    // The archived contact is the one failure, and the duplicate warning is recorded.
    expect(run.status).toBe('partially_succeeded');
    expect(run.counts.contacts).toMatchObject({ linked: 2, failed: 1, created: syncing.length - 3 });
    const page = await owner.agent.get(`/settings/integrations/xero/runs/${run.id}`).expect(200);
    expect(page.text).toContain(
      'The Xero contact for Lucas Brown (STU-000004) is archived. Restore it in Xero, then retry.',
    );
    expect(page.text).toContain('Xero already had a contact named Thomas Lee with another email address');

    const manage = await owner.agent.get('/settings/integrations/xero').expect(200);
    expect(manage.text).toContain('Sync history');
    expect(manage.text).toContain('Partially succeeded');
  });

  it('makes at most 2 Xero calls and creates nothing when nothing changed', async () => {
    const before = (await contacts()).length;
    const run = await waitForRun(owner, await pressSyncNow(owner));
    expect(run.counts.contacts).toMatchObject({ created: 0, updated: 0, linked: 0 });
    expect(run.apiCalls).toBeLessThanOrEqual(2);
    expect((await contacts()).length).toBe(before);
  });

  it('updates exactly the learner that was edited', async () => {
    const [linked] = await em().find(
      SyncLink,
      { account: accountId, contentHash: { $ne: null } },
      { limit: 1 },
    );
    const learner = await em().findOneOrFail(Learner, linked.localId);
    const edit = await owner.agent.get(`/learners/${learner.id}/edit`).expect(200);
    const form = Object.fromEntries(
      [...edit.text.matchAll(/<input[^>]+name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    await owner.agent
      .post(`/learners/${learner.id}`)
      .type('form')
      .send({ ...form, email: 'new.address@example.test', syncToXero: 'on' })
      .expect(303);
    const linksBefore = await em().find(SyncLink, { account: accountId }, { orderBy: { localId: 'asc' } });

    const run = await waitForRun(owner, await pressSyncNow(owner));
    expect(run.counts.contacts).toMatchObject({ created: 0, updated: 1 });
    const inXero = await contacts();
    expect(inXero.find((c) => c.ContactNumber === learner.studentNumber)!.EmailAddress).toBe(
      'new.address@example.test',
    );
    const linksAfter = await em().find(SyncLink, { account: accountId }, { orderBy: { localId: 'asc' } });
    const changed = linksAfter.filter(
      (l, i) => l.lastSyncedAt?.getTime() !== linksBefore[i].lastSyncedAt?.getTime() && l.contentHash,
    );
    expect(changed.map((l) => l.localId)).toEqual([learner.id]);
  });

  it('follows a contact merged in Xero instead of creating another', async () => {
    const [link] = await em().find(
      SyncLink,
      { account: accountId, contentHash: { $ne: null } },
      { limit: 1, offset: 5 },
    );
    const learner = await em().findOneOrFail(Learner, link.localId);
    const access = await t.app.get(XeroTokensService).getAccess(accountId);
    // A bookkeeper keeps another contact for the same person and merges the LRM's into it.
    const created = await request(t.config.xero.apiUrl)
      .put('/api.xro/2.0/Contacts')
      .set('Authorization', `Bearer ${access.accessToken}`)
      .set('xero-tenant-id', access.tenantId)
      .send({ Contacts: [{ Name: `${learner.fullName} (billing)` }] })
      .expect(200);
    const keptId = created.body.Contacts[0].ContactID as string;
    const merge = await t.app.get(SandboxAppService).mergeContacts(access.tenantId, link.xeroId, keptId);
    expect(merge.ok).toBe(true);
    await em().nativeUpdate(Learner, { id: learner.id }, { phone: '0400 000 111' });
    const before = (await contacts()).length;

    const run = await waitForRun(owner, await pressSyncNow(owner));
    expect(run.counts.contacts).toMatchObject({ created: 0, updated: 1 });
    expect((await em().findOneOrFail(SyncLink, { localId: learner.id })).xeroId).toBe(keptId);
    const inXero = await contacts();
    expect(inXero).toHaveLength(before);
    expect(inXero.find((c) => c.ContactID === keptId)).toMatchObject({ EmailAddress: learner.email });
  });

  it('answers another account’s run with 404', async () => {
    await createAccountWithUsers(t.app, 'other');
    const other = await signIn(t.app, 'owner@other.test', TEST_PASSWORD);
    const [run] = await em().find(Account, { name: DEMO_ACCOUNT_NAME });
    const runs = await em().getConnection().execute(`select id from sync_run where account_id = ?`, [run.id]);
    await other.agent.get(`/settings/integrations/xero/runs/${runs[0].id}`).expect(404);
  });
});

describe('contacts under faults', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('ends a 500-learner sync with exactly 500 contacts under 30% ghost writes and 10% 429s', async () => {
    t = await startTestApp(
      {
        ...FAST,
        XERO_SANDBOX_FAULT_GHOST_WRITE: '0.3',
        XERO_SANDBOX_FAULT_429: '0.1',
        XERO_SANDBOX_SEED: '42',
      },
      { listen: true },
    );
    const account = await createAccountWithUsers(t.app, 'faults');
    const owner = await signIn(t.app, 'owner@faults.test', TEST_PASSWORD);
    await connectAs(owner, { email: 'single@sandbox.test' });
    await createLearners(t.app, account.account.id, 500, 'FLT');
    const admin = () =>
      request(t.url!)
        .post('/xero-sandbox/admin/counters/reset')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    await admin().expect(204);

    const run = await waitForRun(owner, await pressSyncNow(owner), 180_000);
    expect(run.status).toBe('succeeded');
    const counters = await request(t.url!)
      .get('/xero-sandbox/admin/counters')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(counters.body.faults.ghostWrite).toBeGreaterThan(0);
    expect(counters.body.faults.rateLimit).toBeGreaterThan(0);

    // Turn the faults off before reading Xero back.
    await request(t.url!)
      .put('/xero-sandbox/admin/faults')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ ghostWrite: 0, rateLimit: 0 })
      .expect(200);
    const ours = (await xeroContacts(t.app, t.config.xero.apiUrl, account.account.id)).filter((c) =>
      c.ContactNumber?.startsWith('FLT-'),
    );
    expect(ours).toHaveLength(500);
    expect(duplicates(ours.map((c) => c.ContactNumber!))).toEqual([]);
    expect(duplicates(ours.map((c) => c.Name))).toEqual([]);
    expect(
      Object.values(counters.body.callsInsideRetryAfter as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(0);
  }, 240_000);
});
