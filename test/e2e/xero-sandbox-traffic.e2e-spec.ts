import request from 'supertest';
import { DEMO_OVERLAPPING_CONTACTS } from '../../src/xero-sandbox/sandbox.seed';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { connectSandbox, SandboxConnection } from '../support/xero-sandbox';

const ADMIN_TOKEN = 'sandbox-admin-token-for-tests';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Xero sandbox: limits, faults, idempotency, counters and state', () => {
  let database: TestDatabase;
  let testApp: TestApp;
  let connection: SandboxConnection;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    testApp = await startTestApp({ XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN }, { listen: true, database });
    connection = await connectSandbox(testApp, { email: 'single@sandbox.test' });
    tenantId = connection.tenants['Demo Training Co (Xero)'];
  });
  afterAll(async () => {
    await testApp.close();
    await database.drop();
  });

  const admin = (method: 'get' | 'put' | 'post', path: string) => {
    const agent = request(testApp.url!);
    return agent[method](`/xero-sandbox/admin/${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  };
  const call = (method: 'get' | 'put' | 'post', path: string) => {
    const agent = request(testApp.config.xero.apiUrl);
    return agent[method](`/api.xro/2.0/${path}`)
      .set('Authorization', `Bearer ${connection.accessToken}`)
      .set('xero-tenant-id', tenantId);
  };
  const noFaults = {
    rateLimit: 0,
    serverError: 0,
    unavailable: 0,
    hang: 0,
    reset: 0,
    ghostWrite: 0,
    latencyMs: 0,
  };

  beforeEach(async () => {
    await admin('put', 'faults').send(noFaults).expect(200);
    await admin('put', 'limits')
      .send({ enabled: true, perMinute: 60, concurrent: 5, perDay: 5000 })
      .expect(200);
    await admin('post', 'counters/reset').expect(204);
  });

  it('refuses the 61st call in a minute with 429, Retry-After and the problem', async () => {
    let last: request.Response | undefined;
    for (let i = 1; i <= 60; i++) {
      last = await call('get', 'Organisation').expect(200);
      if (i === 1) expect(last.headers['x-minlimit-remaining']).toBe('59');
    }
    expect(last!.headers['x-minlimit-remaining']).toBe('0');
    expect(last!.headers['x-daylimit-remaining']).toBe('4940');
    expect(Number(last!.headers['x-appminlimit-remaining'])).toBeGreaterThan(0);
    const refused = await call('get', 'Organisation').expect(429);
    expect(refused.headers['x-rate-limit-problem']).toBe('minute');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('refuses a sixth concurrent call and the call after the daily allowance', async () => {
    await admin('put', 'faults').send({ latencyMs: 300 }).expect(200);
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => call('get', 'Organisation').then((r) => r)),
    );
    const refused = statuses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0].headers['x-rate-limit-problem']).toBe('concurrent');
    const counters = await admin('get', 'counters').expect(200);
    expect(counters.body.peakConcurrency).toBe(5);

    await admin('put', 'faults').send({ latencyMs: 0 }).expect(200);
    await admin('put', 'limits').send({ perDay: 6 }).expect(200);
    await call('get', 'Organisation').expect(200);
    const day = await call('get', 'Organisation').expect(429);
    expect(day.headers['x-rate-limit-problem']).toBe('day');
    expect(Number(day.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each([
    ['rateLimit', 429],
    ['serverError', 500],
    ['unavailable', 503],
  ])('injects %s as HTTP %i', async (kind, status) => {
    await admin('put', 'faults')
      .send({ [kind]: 1 })
      .expect(200);
    const res = await call('get', 'Contacts');
    expect(res.status).toBe(status);
    if (status === 429) expect(res.headers['retry-after']).toBeDefined();
  });

  it('injects a connection reset and a hang that ends in a dropped connection', async () => {
    await admin('put', 'faults').send({ reset: 1 }).expect(200);
    await expect(call('get', 'Contacts')).rejects.toThrow(/socket hang up|ECONNRESET/);
    await admin('put', 'faults').send({ reset: 0, hang: 1, hangMs: 400 }).expect(200);
    const started = Date.now();
    await expect(call('get', 'Contacts')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('injects a ghost write: the contact is created though the response never arrives', async () => {
    await admin('put', 'faults').send({ ghostWrite: 1 }).expect(200);
    await expect(
      call('put', 'Contacts').send({ Contacts: [{ Name: 'Ghost Learner', ContactNumber: 'G-1' }] }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    // Reads are never ghost writes.
    const found = await call('get', 'Contacts').query({ where: 'ContactNumber=="G-1"' }).expect(200);
    expect(found.body.Contacts.map((c: Json) => c.Name)).toEqual(['Ghost Learner']);
    const counters = await admin('get', 'counters').expect(200);
    expect(counters.body.writes).toBe(1);
    expect(counters.body.faults.ghostWrite).toBe(1);
  });

  it('lets a client recover from a ghost write by retrying with the same Idempotency-Key', async () => {
    const body = { Contacts: [{ Name: 'Retry Learner', ContactNumber: 'G-2' }] };
    await admin('put', 'faults').send({ ghostWrite: 1 }).expect(200);
    await expect(call('put', 'Contacts').set('Idempotency-Key', 'ghost-1').send(body)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    await admin('put', 'faults').send({ ghostWrite: 0 }).expect(200);
    const retried = await call('put', 'Contacts').set('Idempotency-Key', 'ghost-1').send(body).expect(200);
    expect(retried.body.Contacts[0].ContactNumber).toBe('G-2');
    const found = await call('get', 'Contacts').query({ where: 'ContactNumber=="G-2"' }).expect(200);
    expect(found.body.Contacts).toHaveLength(1);
  });

  it('adds latency', async () => {
    await admin('put', 'faults').send({ latencyMs: 250 }).expect(200);
    const started = Date.now();
    await call('get', 'Organisation').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('draws faults from a seed, so a run can be replayed', async () => {
    const run = async () => {
      await admin('put', 'faults').send({ serverError: 0.5, seed: 1234 }).expect(200);
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await call('get', 'Organisation')).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('replays a write repeated with the same Idempotency-Key and refuses the key with another body', async () => {
    const body = { Contacts: [{ Name: 'Idem Potent', ContactNumber: 'IDEM-1' }] };
    const first = await call('put', 'Contacts?summarizeErrors=false')
      .set('Idempotency-Key', 'batch-42')
      .send(body)
      .expect(200);
    const second = await call('put', 'Contacts?summarizeErrors=false')
      .set('Idempotency-Key', 'batch-42')
      .send(body)
      .expect(200);
    expect(second.body.Contacts[0].ContactID).toBe(first.body.Contacts[0].ContactID);
    expect(second.body.Contacts[0].StatusAttributeString).toBe('OK');
    const listed = await call('get', 'Contacts').query({ where: 'ContactNumber=="IDEM-1"' }).expect(200);
    expect(listed.body.Contacts).toHaveLength(1);

    const other = await call('put', 'Contacts')
      .set('Idempotency-Key', 'batch-42')
      .send({ Contacts: [{ Name: 'Someone Else' }] })
      .expect(400);
    expect(other.body.Message).toContain('Idempotency-Key');
  });

  it('counts calls per endpoint and tenant, writes and refreshes', async () => {
    await call('get', 'Contacts').expect(200);
    await call('get', 'Contacts').expect(200);
    await call('put', 'Contacts')
      .send({ Contacts: [{ Name: 'Counted One' }, { Name: 'Counted Two' }] })
      .expect(200);
    const refreshed = await request(testApp.config.xero.identityUrl)
      .post('/connect/token')
      .auth(testApp.config.xero.clientId, testApp.config.xero.clientSecret)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: connection.refreshToken })
      .expect(200);
    connection = {
      ...connection,
      accessToken: refreshed.body.access_token,
      refreshToken: refreshed.body.refresh_token,
    };
    const counters = await admin('get', 'counters').expect(200);
    expect(counters.body.calls[`GET Contacts ${tenantId}`]).toBe(2);
    expect(counters.body.calls[`PUT Contacts ${tenantId}`]).toBe(1);
    expect(counters.body.writes).toBe(2);
    expect(counters.body.refreshes).toBe(1);
  });

  it('protects the admin endpoint with its token', async () => {
    await request(testApp.url!).get('/xero-sandbox/admin/counters').expect(401);
    await request(testApp.url!)
      .get('/xero-sandbox/admin/counters')
      .set('Authorization', 'Bearer wrong-token-wrong-token')
      .expect(401);
  });

  it('keeps its state across a restart, and a reset starts afresh', async () => {
    await call('put', 'Contacts')
      .send({ Contacts: [{ Name: 'Survivor', ContactNumber: 'KEEP-1' }] })
      .expect(200);
    const { PORT, APP_URL } = { PORT: String(testApp.config.port), APP_URL: testApp.url! };
    await testApp.close();
    testApp = await startTestApp(
      { XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN, PORT, APP_URL },
      { listen: true, database },
    );
    // The signing key, the grant and the connection survived too: the same access token still works.
    const found = await call('get', 'Contacts').query({ where: 'ContactNumber=="KEEP-1"' }).expect(200);
    expect(found.body.Contacts.map((c: Json) => c.Name)).toEqual(['Survivor']);

    await admin('post', 'reset').expect(204);
    await call('get', 'Contacts').expect(401);
    const fresh = await connectSandbox(testApp, { email: 'single@sandbox.test' });
    const after = await request(testApp.config.xero.apiUrl)
      .get('/api.xro/2.0/Contacts')
      .set('Authorization', `Bearer ${fresh.accessToken}`)
      .set('xero-tenant-id', fresh.tenants['Demo Training Co (Xero)'])
      .expect(200);
    // Only the demo organisation's seeded contacts are back (the archived one is not listed by default).
    const seeded = Object.values(DEMO_OVERLAPPING_CONTACTS).filter((c) => c.ContactStatus === 'ACTIVE');
    expect(after.body.Contacts.map((c: Json) => c.ContactID).sort()).toEqual(
      seeded.map((c) => c.contactId).sort(),
    );
  });
});
