import request from 'supertest';
import { Role } from '../../src/common';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { csrfFrom, sessionCookie, signIn, visitor } from '../support/browser-session';
import { startTestApp, TestApp } from '../support/test-app';

describe('signing in and out', () => {
  let t: TestApp;
  let acme: TestAccount;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await createAccountWithUsers(t.app, 'acme');
  });
  afterAll(() => t.close());

  it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
    const v = visitor(t.app);
    const page = await v.agent.get('/settings/users?x=1');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fsettings%2Fusers%3Fx%3D1');

    const form = await v.agent.get(page.headers.location);
    expect(form.text).toContain('name="next" value="/settings/users?x&#x3D;1"');
    const done = await v.agent
      .post('/login')
      .type('form')
      .send({
        email: 'owner@acme.test',
        password: TEST_PASSWORD,
        next: '/settings/users?x=1',
        _csrf: csrfFrom(form.text),
      });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/settings/users?x=1');
    expect((await v.agent.get('/settings/users')).text).toContain('owner@acme.test');
  });

  it('answers a JSON request without a session with 401 JSON instead of a redirect', async () => {
    const res = await request(t.app.getHttpServer()).get('/settings/users').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body.statusCode).toBe(401);
  });

  it('gives a wrong password and an unknown email the same message, keeping the email', async () => {
    const v = visitor(t.app);
    const token = await v.csrf();
    const wrong = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'finance@acme.test', password: 'not-the-password', _csrf: token });
    const unknown = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'nobody@acme.test', password: 'not-the-password', _csrf: token });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('The email or password is incorrect.');
    expect(unknown.text).toContain('The email or password is incorrect.');
    expect(wrong.text).toContain('value="finance@acme.test"');
  });

  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
  ])('ignores next=%s and lands on the start page', async (next) => {
    const v = visitor(t.app);
    const token = await v.csrf();
    const res = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'trainer@acme.test', password: TEST_PASSWORD, next, _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('issues a new session id at sign-in, and the old cookie opens nothing after sign-out', async () => {
    // A browser that still carries someone else's session (a shared computer) signs in again.
    const v = await signIn(t.app, 'trainer@acme.test', TEST_PASSWORD);
    const earlier = await v.agent.get('/');
    const before = sessionCookie(await v.agent.get('/'));
    expect(before).toBeDefined();
    const res = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'admin@acme.test', password: TEST_PASSWORD, _csrf: csrfFrom(earlier.text) });
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    // The cookie from before this sign-in opens nothing any more.
    expect((await request(t.app.getHttpServer()).get('/').set('Cookie', before!)).status).toBe(303);
    // The signed-in cookie works until sign-out, then never again.
    expect((await request(t.app.getHttpServer()).get('/').set('Cookie', after!)).status).toBe(200);
    const home = await v.agent.get('/');
    await v.agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    expect((await request(t.app.getHttpServer()).get('/').set('Cookie', after!)).status).toBe(303);
  });

  it('signs out every other browser when the password changes, keeping the current one', async () => {
    const laptop = await signIn(t.app, 'finance@acme.test', TEST_PASSWORD);
    const phone = await signIn(t.app, 'finance@acme.test', TEST_PASSWORD);
    const page = await laptop.agent.get('/account/password');
    await laptop.agent
      .post('/account/password')
      .type('form')
      .send({
        currentPassword: TEST_PASSWORD,
        newPassword: 'a-brand-new-password',
        confirmPassword: 'a-brand-new-password',
        _csrf: csrfFrom(page.text),
      })
      .expect(303);
    expect((await laptop.agent.get('/')).status).toBe(200);
    const stale = await phone.agent.get('/');
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toMatch(/^\/login/);
  });

  it("marks the session cookie and the sign-in form's token cookie HttpOnly and SameSite=Lax", async () => {
    const v = visitor(t.app);
    const page = await v.agent.get('/login');
    const res = await v.agent
      .post('/login')
      .type('form')
      .send({ email: 'trainer@acme.test', password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    const cookies = [
      ...((page.headers['set-cookie'] as unknown as string[]) ?? []),
      ...((res.headers['set-cookie'] as unknown as string[]) ?? []),
    ];
    for (const name of ['lrm.sid=', 'lrm.csrf=']) {
      const cookie = cookies.find((c) => c.startsWith(name));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    }
  });

  it('throttles repeated failures for one email with 429 and a message', async () => {
    const v = visitor(t.app);
    const token = await v.csrf();
    let last = 0;
    let text = '';
    for (let i = 0; i < 11; i++) {
      const res = await v.agent
        .post('/login')
        .type('form')
        .send({ email: 'target@acme.test', password: `guess-${i}`, _csrf: token });
      last = res.status;
      text = res.text;
    }
    expect(last).toBe(429);
    expect(text).toContain('Too many sign-in attempts');
  });

  it('counts attempts across app instances sharing the database, so more instances allow no more guesses', async () => {
    const other = await startTestApp({}, { database: t.database });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const app = i % 2 === 0 ? t.app : other.app;
        const v = visitor(app);
        const token = await v.csrf();
        const res = await v.agent
          .post('/login')
          .type('form')
          .send({ email: 'shared@acme.test', password: `guess-${i}`, _csrf: token });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses[10]).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('makes a user with a handed-over password choose their own before anything else', async () => {
    const owner = await signIn(t.app, 'owner@acme.test', TEST_PASSWORD);
    const form = await owner.agent.get('/settings/users/new');
    await owner.agent
      .post('/settings/users')
      .type('form')
      .send({
        name: 'Nina New',
        email: 'nina@acme.test',
        role: Role.Finance,
        password: 'handed-over-1',
        mustChangePassword: 'on',
        _csrf: csrfFrom(form.text),
      })
      .expect(303);

    const nina = await signIn(t.app, 'nina@acme.test', 'handed-over-1');
    const home = await nina.agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
    const page = await nina.agent.get('/account/password');
    await nina.agent
      .post('/account/password')
      .type('form')
      .send({
        currentPassword: 'handed-over-1',
        newPassword: 'ninas-own-password',
        confirmPassword: 'ninas-own-password',
        _csrf: csrfFrom(page.text),
      })
      .expect(303);
    expect((await nina.agent.get('/')).status).toBe(200);
    await signIn(t.app, 'nina@acme.test', 'ninas-own-password');
    expect(acme.account.id).toBeDefined();
  });
});
