import { ALL_ROLES, Role } from '../../src/common';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { csrfFrom, signIn, visitor, Visitor } from '../support/browser-session';
import { concretePath, RegisteredRoute, registeredRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

const REFUSAL = /Only .* users may open this page|This page is not open to any role/;

describe('who may open what', () => {
  let t: TestApp;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    t = await startTestApp();
    await createAccountWithUsers(t.app, 'matrix');
    // Sign-out ends the visitor's session, so it goes last.
    routes = registeredRoutes(t.app).sort(
      (a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'),
    );
  });
  afterAll(() => t.close());

  it('finds the routes of the app, each with an explicit access decision', () => {
    expect(routes.length).toBeGreaterThan(5);
    const undecided = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undecided).toEqual([]);
  });

  it('sends a visitor who is not signed in to the sign-in page from every page that is not public', async () => {
    const v = visitor(t.app);
    for (const route of routes.filter((r) => r.method === 'GET' && r.access !== 'public')) {
      const res = await v.agent.get(concretePath(route.path));
      expect({ route: route.path, status: res.status, location: res.headers.location }).toEqual({
        route: route.path,
        status: 303,
        location: expect.stringMatching(/^\/login/),
      });
    }
  });

  it.each(ALL_ROLES)('gives the %s exactly the routes its role is allowed', async (role: Role) => {
    const v: Visitor = await signIn(t.app, `${role}@matrix.test`, TEST_PASSWORD);
    const token = csrfFrom((await v.agent.get('/account/password')).text);
    for (const route of routes) {
      const url = concretePath(route.path);
      const res =
        route.method === 'GET'
          ? await v.agent.get(url)
          : await v.agent[route.method.toLowerCase() as 'post'](url).type('form').send({ _csrf: token });
      const refused = res.status === 403 && REFUSAL.test(res.text);
      const signInAsked = res.status === 303 && /^\/login(\?next=|$)/.test(res.headers.location ?? '');
      const allowed = route.access === 'public' || (route.access ?? []).includes(role);
      expect({ route: `${route.method} ${route.path}`, refused, signInAsked }).toEqual({
        route: `${route.method} ${route.path}`,
        refused: !allowed,
        signInAsked: false,
      });
    }
  });
});
