import request from 'supertest';
import {
  XeroAccess,
  XeroAccountingGateway,
  XeroContactInput,
  XeroRateLimitError,
  XeroCallMeter,
} from '../../src/xero';
import { XeroNodeAccountingGateway } from '../../src/xero/xero-node-accounting.gateway';
import { XeroPacer } from '../../src/xero/xero-pacer';
import { SandboxAppService } from '../../src/xero-sandbox/sandbox-app.service';
import { DEMO_OVERLAPPING_CONTACTS } from '../../src/xero-sandbox/sandbox.seed';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSandbox } from '../support/xero-sandbox';

const ADMIN_TOKEN = 'sandbox-admin-token-for-gateway-tests';
const NO_FAULTS = {
  rateLimit: 0,
  serverError: 0,
  unavailable: 0,
  hang: 0,
  reset: 0,
  ghostWrite: 0,
  latencyMs: 0,
};
const XERO_LIMITS = { enabled: true, perMinute: 60, concurrent: 5, perDay: 5000, windowSeconds: 60 };

describe('Xero gateway: contacts and pacing, over HTTP against the sandbox', () => {
  let testApp: TestApp;
  let gateway: XeroAccountingGateway;
  let access: XeroAccess;
  let tenantId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN }, { listen: true });
    const connection = await connectSandbox(testApp, { email: 'single@sandbox.test' });
    tenantId = connection.tenants['Demo Training Co (Xero)'];
    access = { accessToken: connection.accessToken, tenantId };
    gateway = testApp.app.get(XeroAccountingGateway);
  });
  afterAll(() => testApp.close());

  const admin = (method: 'get' | 'put' | 'post', path: string) => {
    const agent = request(testApp.url!);
    return agent[method](`/xero-sandbox/admin/${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  };
  const counters = async () =>
    (await admin('get', 'counters').expect(200)).body as {
      calls: Record<string, number>;
      peakConcurrency: number;
      faults: Record<string, number>;
      callsInsideRetryAfter: Record<string, number>;
    };
  const callsFor = (calls: Record<string, number>) =>
    Object.entries(calls)
      .filter(([key]) => key.endsWith(` ${tenantId}`))
      .reduce((sum, [, n]) => sum + n, 0);
  const learner = (n: number, overrides: Partial<XeroContactInput> = {}): XeroContactInput => ({
    contactNumber: `GW-${n}`,
    name: `Gateway Learner ${n}`,
    firstName: 'Gateway',
    lastName: `Learner ${n}`,
    email: `learner${n}@example.com.au`,
    phone: '0400 123 456',
    address: {
      line1: '1 Test Street',
      city: 'Carlton',
      region: 'VIC',
      postalCode: '3053',
      country: 'Australia',
    },
    ...overrides,
  });

  beforeEach(async () => {
    await admin('put', 'faults').send(NO_FAULTS).expect(200);
    await admin('put', 'limits').send(XERO_LIMITS).expect(200);
    await admin('post', 'counters/reset').expect(204);
  });

  it('creates a batch and maps each result back by position, the refused element with its reasons', async () => {
    const meter: XeroCallMeter = { calls: 0 };
    const batch = [learner(1), learner(2, { email: 'not-an-email' }), learner(3)];
    const results = await gateway.createContacts({ ...access, meter }, batch, 'gateway-batch-1');

    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 'OK'],
      [1, 'ERROR'],
      [2, 'OK'],
    ]);
    expect(results[1].errors).toEqual(['Email address must be valid.']);
    expect(results[1].record).toBeUndefined();
    expect(results[0].record).toMatchObject({
      contactNumber: 'GW-1',
      name: 'Gateway Learner 1',
      status: 'ACTIVE',
    });
    expect(results[2].record).toMatchObject({ contactNumber: 'GW-3', email: 'learner3@example.com.au' });
    expect(results[0].record!.contactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meter.calls).toBe(1);

    const stored = await gateway.listContacts(access, {
      where: 'ContactNumber=="GW-2"',
      includeArchived: true,
    });
    expect(stored.items).toEqual([]);
  });

  it('replays a batch sent again with the same Idempotency-Key: the first result, no second contact', async () => {
    const batch = [learner(10), learner(11)];
    const first = await gateway.createContacts(access, batch, 'gateway-replay-1');
    const again = await gateway.createContacts(access, batch, 'gateway-replay-1');
    expect(again.map((r) => r.record?.contactId)).toEqual(first.map((r) => r.record?.contactId));
    expect(again.every((r) => r.status === 'OK')).toBe(true);

    const listed = await gateway.listContacts(access, {
      where: 'ContactNumber=="GW-10" OR ContactNumber=="GW-11"',
      includeArchived: true,
    });
    expect(listed.items).toHaveLength(2);
  });

  it('updates contacts by ContactID, and refuses an update that takes an active name, by position', async () => {
    const [created] = await gateway.createContacts(access, [learner(20)], 'gateway-update-create');
    const contactId = created.record!.contactId;
    const results = await gateway.updateContacts(
      access,
      [
        learner(20, { contactId, email: 'new.address@example.com.au' }),
        learner(20, { contactId, name: DEMO_OVERLAPPING_CONTACTS.sameNameAndEmail.Name }),
      ],
      'gateway-update-1',
    );
    expect(results[0]).toMatchObject({
      status: 'OK',
      record: { contactId, email: 'new.address@example.com.au' },
    });
    expect(results[1].status).toBe('ERROR');
    const meter: XeroCallMeter = { calls: 0 };
    await expect(
      gateway.updateContacts({ ...access, meter }, [learner(21)], 'gateway-update-2'),
    ).rejects.toThrow(/contactId/);
    expect(meter.calls).toBe(0);
    expect(results[1].errors[0]).toContain(
      'The contact name Arjun Patel is already assigned to another contact',
    );
  });

  it("finds the demo organisation's contacts that overlap demo learners, archived ones only on request", async () => {
    const { sameNumber, archivedSameNumber, sameNameAndEmail, sameNameOtherEmail } =
      DEMO_OVERLAPPING_CONTACTS;
    const byNumber = `ContactNumber=="${sameNumber.ContactNumber}" OR ContactNumber=="${archivedSameNumber.ContactNumber}"`;
    const active = await gateway.listContacts(access, { where: byNumber });
    expect(active.items.map((c) => c.contactId)).toEqual([sameNumber.contactId]);

    const all = await gateway.listContacts(access, { where: byNumber, includeArchived: true });
    expect(all.items.map((c) => [c.contactNumber, c.status]).sort()).toEqual([
      ['STU-000002', 'ACTIVE'],
      ['STU-000004', 'ARCHIVED'],
    ]);

    const byName = await gateway.listContacts(access, {
      where: `Name=="${sameNameAndEmail.Name}" OR Name=="${sameNameOtherEmail.Name}"`,
    });
    expect(byName.items.map((c) => [c.name, c.email]).sort()).toEqual([
      ['Arjun Patel', 'arjun.patel5@example.com.au'],
      ['Thomas Lee', 'tom.lee@example.net'],
    ]);

    const byIds = await gateway.listContacts(access, {
      ids: [archivedSameNumber.contactId, sameNameOtherEmail.contactId],
    });
    expect(byIds.items.map((c) => c.contactId).sort()).toEqual(
      [archivedSameNumber.contactId, sameNameOtherEmail.contactId].sort(),
    );
  });

  it('refuses IDs sent in another shape than comma-separated, as Xero does', async () => {
    const { sameNumber } = DEMO_OVERLAPPING_CONTACTS;
    await request(testApp.config.xero.apiUrl)
      .get(`/api.xro/2.0/Contacts?IDs[]=${sameNumber.contactId}`)
      .set('Authorization', `Bearer ${access.accessToken}`)
      .set('xero-tenant-id', tenantId)
      .expect(400);
  });

  it('pages contacts, up to 1,000 a page, and filters on If-Modified-Since', async () => {
    const before = new Date(Date.now() - 1000);
    const batch = Array.from({ length: 12 }, (_, i) =>
      learner(100 + i, { name: `Paged Learner ${100 + i}` }),
    );
    await gateway.createContacts(access, batch, 'gateway-paging');
    const where = 'Name.StartsWith("Paged Learner")';

    const third = await gateway.listContacts(access, { where, page: 3, pageSize: 5 });
    expect(third).toMatchObject({ page: 3, pageSize: 5, pageCount: 3, itemCount: 12 });
    expect(third.items.map((c) => c.name)).toEqual(['Paged Learner 110', 'Paged Learner 111']);

    const big = await gateway.listContacts(access, { page: 1, pageSize: 5000, includeArchived: true });
    expect(big.pageSize).toBe(1000);
    expect(big.items.length).toBe(big.itemCount);

    const changed = await gateway.listContacts(access, { where, modifiedSince: before });
    expect(changed.items).toHaveLength(12);
    const none = await gateway.listContacts(access, { where, modifiedSince: new Date(Date.now() + 60_000) });
    expect(none.items).toEqual([]);
  });

  it('reports the contact a merged one was merged into', async () => {
    const [from, into] = await gateway.createContacts(access, [learner(200), learner(201)], 'gateway-merge');
    const outcome = await testApp.app
      .get(SandboxAppService)
      .mergeContacts(tenantId, from.record!.contactId, into.record!.contactId);
    expect(outcome.ok).toBe(true);
    const listed = await gateway.listContacts(access, { ids: [from.record!.contactId] });
    expect(listed.items[0]).toMatchObject({ status: 'ARCHIVED', mergedToContactId: into.record!.contactId });
  });

  it('paces a burst under a lowered minute limit and injected 429s: nothing sent inside a Retry-After, at most 5 at once', async () => {
    // The sandbox's minute lasts 3 s here and allows 8 calls; the pacer must learn that from Xero's answers.
    await admin('put', 'limits').send({ perMinute: 8, windowSeconds: 3 }).expect(200);
    await admin('put', 'faults').send({ rateLimit: 0.2, latencyMs: 40, seed: 4242 }).expect(200);
    const paced = new XeroNodeAccountingGateway(testApp.config, new XeroPacer({ windowMs: 3000 }));
    const meter: XeroCallMeter = { calls: 0 };
    const metered = { ...access, meter };

    const burst = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? paced.getOrganisation(metered) : paced.listContacts(metered, { page: 1, pageSize: 10 }),
    );
    const results = await Promise.all(burst);
    expect(results).toHaveLength(24);

    const seen = await counters();
    expect(seen.faults.rateLimit).toBeGreaterThan(0);
    expect(seen.callsInsideRetryAfter[tenantId] ?? 0).toBe(0);
    expect(seen.peakConcurrency).toBeLessThanOrEqual(5);
    expect(meter.calls).toBe(callsFor(seen.calls));
    expect(meter.calls).toBeGreaterThan(24);
  }, 60_000);

  it('counts a client that ignores the Retry-After', async () => {
    await admin('put', 'faults').send({ rateLimit: 1 }).expect(200);
    const api = (path: string) =>
      request(testApp.config.xero.apiUrl)
        .get(`/api.xro/2.0/${path}`)
        .set('Authorization', `Bearer ${access.accessToken}`)
        .set('xero-tenant-id', tenantId);
    await api('Organisation').expect(429);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api('Organisation').expect(429);
    expect((await counters()).callsInsideRetryAfter[tenantId]).toBe(1);
  });

  it('stops at the day limit: XeroRateLimitError day at once, and no further call leaves', async () => {
    await admin('put', 'limits').send({ perDay: 2 }).expect(200);
    const paced = new XeroNodeAccountingGateway(testApp.config, new XeroPacer());
    await paced.getOrganisation(access);
    await paced.getTaxRates(access);
    const started = Date.now();
    const day = await paced.getAccounts(access).catch((error: unknown) => error);
    expect(day).toBeInstanceOf(XeroRateLimitError);
    expect(day).toMatchObject({ problem: 'day' });
    expect((day as XeroRateLimitError).retryAfterSeconds).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
    const sent = callsFor((await counters()).calls);
    expect(sent).toBe(3);

    const meter: XeroCallMeter = { calls: 0 };
    const later = await Promise.allSettled([
      paced.listContacts({ ...access, meter }, { page: 1 }),
      paced.createContacts({ ...access, meter }, [learner(300)], 'gateway-day'),
      paced.getOrganisation({ ...access, meter }),
    ]);
    for (const outcome of later) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { problem: 'day' } });
    }
    expect(meter.calls).toBe(0);
    const after = await counters();
    expect(callsFor(after.calls)).toBe(sent);
    expect(after.callsInsideRetryAfter[tenantId] ?? 0).toBe(0);
  });
});
