import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { concretePath, RegisteredRoute, registeredRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/** The sandbox stands in for Xero's own servers, which take API calls without our CSRF token. */
const outsideTheApp = (route: RegisteredRoute) => route.path.startsWith('/xero-sandbox/');

describe('forged requests', () => {
  let t: TestApp;
  let owner: Visitor;
  let stateChanging: RegisteredRoute[];
  let targetUserPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    const acme = await createAccountWithUsers(t.app, 'csrf');
    owner = await signIn(t.app, 'owner@csrf.test', TEST_PASSWORD);
    stateChanging = registeredRoutes(t.app).filter((r) => r.method !== 'GET' && !outsideTheApp(r));
    targetUserPath = `/settings/users/${acme.users.finance.id}`;
  });
  afterAll(() => t.close());

  /** Routes with a real id of this account, so a forged request would have something to change. */
  const urlOf = (route: RegisteredRoute) =>
    route.path.startsWith('/settings/users/:id')
      ? route.path.replace('/settings/users/:id', targetUserPath)
      : concretePath(route.path);

  const bodyOf = () => ({
    role: 'trainer',
    name: 'Forged',
    email: 'forged@csrf.test',
    password: 'forged-password-1',
  });

  it('refuses every state-changing route without a valid token, and changes nothing', async () => {
    expect(stateChanging.length).toBeGreaterThan(3);
    const before = await databaseDigest(t.app);
    for (const route of stateChanging) {
      const method = route.method.toLowerCase() as 'post';
      const missing = await owner.agent[method](urlOf(route)).type('form').send(bodyOf());
      const wrong = await owner.agent[method](urlOf(route))
        .type('form')
        .send({ ...bodyOf(), _csrf: 'forged-token' });
      expect({ route: route.path, missing: missing.status, wrong: wrong.status }).toEqual({
        route: route.path,
        missing: 403,
        wrong: 403,
      });
      expect(missing.text).toContain('nothing was changed');
    }
    expect(await databaseDigest(t.app)).toEqual(before);
    // Still signed in: the forged sign-out did not sign the owner out.
    expect((await owner.agent.get('/settings/users')).status).toBe(200);
  });

  it('refuses a cross-site request even with a valid token', async () => {
    const token = csrfFrom((await owner.agent.get('/settings/users')).text);
    const before = await databaseDigest(t.app);
    const crossOrigin = await owner.agent
      .post(`${targetUserPath}/deactivate`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: token });
    const crossSite = await owner.agent
      .post(`${targetUserPath}/deactivate`)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ _csrf: token });
    expect([crossOrigin.status, crossSite.status]).toEqual([403, 403]);
    expect(await databaseDigest(t.app)).toEqual(before);

    // The same request from this site goes through.
    await owner.agent
      .post(`${targetUserPath}/deactivate`)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: token })
      .expect(303);
    expect(await databaseDigest(t.app)).not.toEqual(before);
  });
});
