import { MikroORM } from '@mikro-orm/postgresql';
import { Role } from '../../src/common';
import { User } from '../../src/identity';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { startTestApp, TestApp } from '../support/test-app';

describe('the users page', () => {
  let t: TestApp;
  let north: TestAccount;
  let south: TestAccount;
  let owner: Visitor;

  const reload = (id: string) => t.app.get(MikroORM).em.fork().findOneOrFail(User, id);
  const post = async (path: string, body: Record<string, string> = {}) => {
    const token = csrfFrom((await owner.agent.get('/settings/users')).text);
    return owner.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: token });
  };

  beforeAll(async () => {
    t = await startTestApp();
    north = await createAccountWithUsers(t.app, 'north');
    south = await createAccountWithUsers(t.app, 'south');
    owner = await signIn(t.app, 'owner@north.test', TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it('lists only the users of the owner’s own account', async () => {
    const page = await owner.agent.get('/settings/users').expect(200);
    expect(page.text).toContain('finance@north.test');
    expect(page.text).not.toContain('south.test');
  });

  it('answers 404 for another account’s user, whatever the action, and changes nothing', async () => {
    const victim = south.users[Role.Finance];
    for (const action of ['role', 'deactivate', 'activate']) {
      const res = await post(`/settings/users/${victim.id}/${action}`, { role: Role.Owner });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(victim.email);
    }
    const after = await reload(victim.id);
    expect(after.role).toBe(Role.Finance);
    expect(after.active).toBe(true);
    expect((await post('/settings/users/not-a-uuid/deactivate')).status).toBe(404);
  });

  it('adds a user, with a message next to each bad field and the entered values kept', async () => {
    const bad = await post('/settings/users', {
      name: '',
      email: 'not-an-email',
      role: 'emperor',
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the person’s name.');
    expect(bad.text).toContain('Enter a valid email address');
    expect(bad.text).toContain('Choose a role.');
    expect(bad.text).toContain('at least 10 characters');
    expect(bad.text).toContain('value="not-an-email"');

    const taken = await post('/settings/users', {
      name: 'Dup',
      email: 'finance@south.test',
      role: Role.Trainer,
      password: 'long-enough-1',
    });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('This email cannot be used. Enter a different email address.');

    const ok = await post('/settings/users', {
      name: 'Tia Trainer',
      email: 'Tia@North.test',
      role: Role.Trainer,
      password: 'long-enough-1',
    });
    expect(ok.status).toBe(303);
    const list = await owner.agent.get('/settings/users');
    expect(list.text).toContain('tia@north.test');
    await signIn(t.app, 'tia@north.test', 'long-enough-1');
  });

  it('applies a role change and a deactivation on the user’s very next request', async () => {
    const finance = await signIn(t.app, 'finance@north.test', TEST_PASSWORD);
    expect((await finance.agent.get('/settings/users')).status).toBe(403);

    await post(`/settings/users/${north.users[Role.Finance].id}/role`, { role: Role.Owner }).then((r) =>
      expect(r.status).toBe(303),
    );
    expect((await finance.agent.get('/settings/users')).status).toBe(200);

    await post(`/settings/users/${north.users[Role.Finance].id}/deactivate`).then((r) =>
      expect(r.status).toBe(303),
    );
    const gone = await finance.agent.get('/');
    expect(gone.status).toBe(303);
    expect(gone.headers.location).toMatch(/^\/login/);

    // Reactivated, the user signs in again: the session from before the deactivation stays void.
    const beforeDeactivation = await signIn(t.app, 'admin@north.test', TEST_PASSWORD);
    const admin = north.users[Role.Admin].id;
    expect((await post(`/settings/users/${admin}/deactivate`)).status).toBe(303);
    expect((await post(`/settings/users/${admin}/activate`)).status).toBe(303);
    expect((await beforeDeactivation.agent.get('/')).status).toBe(303);
    expect((await (await signIn(t.app, 'admin@north.test', TEST_PASSWORD)).agent.get('/')).status).toBe(200);
  });

  it('never leaves the account without an active owner', async () => {
    const lone = await createAccountWithUsers(t.app, 'lone');
    const loneOwner = await signIn(t.app, 'owner@lone.test', TEST_PASSWORD);
    const ownerId = lone.users[Role.Owner].id;
    const token = csrfFrom((await loneOwner.agent.get('/settings/users')).text);
    await loneOwner.agent
      .post(`/settings/users/${ownerId}/role`)
      .type('form')
      .send({ role: Role.Admin, _csrf: token });
    await loneOwner.agent.post(`/settings/users/${ownerId}/deactivate`).type('form').send({ _csrf: token });
    const page = await loneOwner.agent.get('/settings/users');
    expect(page.text).toContain('This is the last active Account Owner');
    const after = await reload(ownerId);
    expect([after.role, after.active]).toEqual([Role.Owner, true]);
  });
});
