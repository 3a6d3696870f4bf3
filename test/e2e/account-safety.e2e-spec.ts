import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { Role } from '../../src/common';
import { User } from '../../src/identity';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createLearner } from '../factories/records.factory';
import { csrfFrom, sessionCookie, signIn, visitor, Visitor } from '../support/browser-session';
import { startTestApp, TestApp } from '../support/test-app';

async function sessionRows(t: TestApp): Promise<number> {
  const em = t.app.get(MikroORM).em.fork() as EntityManager;
  const [row] = await em.getConnection().execute<{ n: string }[]>('select count(*) as n from session');
  return Number(row.n);
}

async function changePassword(v: Visitor, currentPassword: string, newPassword: string) {
  const page = await v.agent.get('/account/password');
  return v.agent
    .post('/account/password')
    .type('form')
    .send({ currentPassword, newPassword, confirmPassword: newPassword, _csrf: csrfFrom(page.text) });
}

describe('sessions, caching, password checks and throttling', () => {
  let t: TestApp;
  let acme: TestAccount;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await createAccountWithUsers(t.app, 'acme');
    await createAccountWithUsers(t.app, 'other');
  });
  afterAll(() => t.close());

  it('stores no session for visits to the sign-in page without a cookie, and still signs in from it', async () => {
    const before = await sessionRows(t);
    for (let i = 0; i < 5; i++) {
      const page = await request(t.app.getHttpServer()).get('/login');
      expect(page.status).toBe(200);
      expect(sessionCookie(page)).toBeUndefined();
    }
    expect(await sessionRows(t)).toBe(before);

    const v = visitor(t.app);
    const page = await v.agent.get('/login');
    const res = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'trainer@acme.test', password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(await sessionRows(t)).toBe(before + 1);
  });

  it("refuses a sign-in whose token is not this browser's own", async () => {
    const mine = visitor(t.app);
    const theirs = visitor(t.app);
    await mine.agent.get('/login');
    const theirToken = await theirs.csrf();
    const res = await mine.agent
      .post('/login')
      .type('form')
      .send({ email: 'trainer@acme.test', password: TEST_PASSWORD, _csrf: theirToken });
    expect(res.status).toBe(403);
    const cookieless = await request(t.app.getHttpServer())
      .post('/login')
      .type('form')
      .send({ email: 'trainer@acme.test', password: TEST_PASSWORD, _csrf: theirToken });
    expect(cookieless.status).toBe(403);
  });

  it('marks every signed-in page no-store, so Back after sign-out shows nothing', async () => {
    const learner = await createLearner(t.app, acme.account);
    const owner = await signIn(t.app, 'owner@acme.test', TEST_PASSWORD);
    const pages = [
      '/',
      '/learners',
      `/learners/${learner.id}`,
      `/learners/${learner.id}/edit`,
      '/invoices',
      '/invoices/new',
      '/settings/users',
      '/settings/invoicing',
      '/settings/integrations',
      '/account/password',
      '/learners/00000000-0000-4000-8000-000000000000',
    ];
    for (const page of pages) {
      const res = await owner.agent.get(page);
      expect({ page, cacheControl: res.headers['cache-control'] }).toEqual({
        page,
        cacheControl: 'no-store',
      });
    }
  });

  it('throttles guesses at the current password, with Retry-After, and only for that user', async () => {
    const finance = await signIn(t.app, 'finance@acme.test', TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await changePassword(finance, `guess-${i}`, 'new-password-1')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);

    // Even the right password is refused while blocked, so the guess that would succeed cannot be told apart.
    const blocked = await changePassword(finance, TEST_PASSWORD, 'new-password-1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toContain('Too many attempts at your current password');
    expect(await signIn(t.app, 'finance@acme.test', TEST_PASSWORD)).toBeDefined();

    const admin = await signIn(t.app, 'admin@acme.test', TEST_PASSWORD);
    expect((await changePassword(admin, 'a-wrong-guess', 'new-password-1')).status).toBe(400);
  });

  it('sends Retry-After with the sign-in 429', async () => {
    let last: request.Response | undefined;
    for (let i = 0; i < 11; i++) {
      const v = visitor(t.app);
      const token = await v.csrf();
      last = await v.agent
        .post('/login')
        .type('form')
        .send({ email: 'retry@acme.test', password: `guess-${i}`, _csrf: token });
    }
    expect(last!.status).toBe(429);
    const seconds = Number(last!.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
  });

  it('refuses the handed-over password as the new one in a forced change', async () => {
    const owner = await signIn(t.app, 'owner@acme.test', TEST_PASSWORD);
    const form = await owner.agent.get('/settings/users/new');
    await owner.agent
      .post('/settings/users')
      .type('form')
      .send({
        name: 'Omar Onboard',
        email: 'omar@acme.test',
        role: Role.Trainer,
        password: 'handed-over-1',
        mustChangePassword: 'on',
        _csrf: csrfFrom(form.text),
      })
      .expect(303);

    const omar = await signIn(t.app, 'omar@acme.test', 'handed-over-1');
    const same = await changePassword(omar, 'handed-over-1', 'handed-over-1');
    expect(same.status).toBe(400);
    expect(same.text).toMatch(/id="newPassword-error">Choose a new password that is different/);
    const home = await omar.agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');

    expect((await changePassword(omar, 'handed-over-1', 'my-own-password-1')).status).toBe(303);
    expect((await omar.agent.get('/')).status).toBe(200);
  });

  it("says only that an email cannot be used on Add user, whether it is this account's or another's", async () => {
    const owner = await signIn(t.app, 'owner@acme.test', TEST_PASSWORD);
    const em = t.app.get(MikroORM).em.fork() as EntityManager;
    const usersBefore = await em.count(User, {});
    const answers: string[] = [];
    for (const email of ['finance@acme.test', 'finance@other.test']) {
      const form = await owner.agent.get('/settings/users/new');
      const res = await owner.agent
        .post('/settings/users')
        .type('form')
        .send({
          name: 'Dup',
          email,
          role: Role.Trainer,
          password: 'long-enough-1',
          _csrf: csrfFrom(form.text),
        });
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/already exists/i);
      answers.push(/id="email-error">([^<]+)</.exec(res.text)![1]);
    }
    expect(answers).toEqual([
      'This email cannot be used. Enter a different email address.',
      'This email cannot be used. Enter a different email address.',
    ]);
    expect(await em.count(User, {})).toBe(usersBefore);
  });
});

describe('TRUST_PROXY', () => {
  async function attemptsFrom(t: TestApp, address: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const page = await request(t.app.getHttpServer()).get('/login').set('X-Forwarded-For', address);
      const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
      const res = await request(t.app.getHttpServer())
        .post('/login')
        .set('X-Forwarded-For', address)
        .set('Cookie', cookie)
        .type('form')
        .send({ email: 'shared-desk@acme.test', password: `guess-${i}`, _csrf: csrfFrom(page.text) });
      statuses.push(res.status);
    }
    return statuses;
  }

  it('tells users behind a trusted reverse proxy apart by their own address', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      await createAccountWithUsers(t.app, 'acme');
      expect((await attemptsFrom(t, '203.0.113.7', 11))[10]).toBe(429);
      expect(await attemptsFrom(t, '198.51.100.20', 1)).toEqual([401]);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a client cannot pick its own address', async () => {
    const t = await startTestApp();
    try {
      await createAccountWithUsers(t.app, 'acme');
      expect((await attemptsFrom(t, '203.0.113.7', 11))[10]).toBe(429);
      expect(await attemptsFrom(t, '198.51.100.20', 1)).toEqual([429]);
    } finally {
      await t.close();
    }
  });
});
