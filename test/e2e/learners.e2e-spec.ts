import { EventEmitter2 } from '@nestjs/event-emitter';
import { MikroORM } from '@mikro-orm/postgresql';
import { validateForm } from '../../src/common';
import { Learner, LearnerChanged, LearnersService } from '../../src/learners';
import { EditLearnerFormDto } from '../../src/learners/dto/learner-form.dto';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createLearner, inContext, reloadLearner } from '../factories/records.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { startTestApp, TestApp } from '../support/test-app';

const validLearner = {
  firstName: 'Charlotte',
  lastName: 'Nguyen',
  email: 'charlotte.nguyen@example.com.au',
  phone: '0412 345 678',
  dateOfBirth: '1999-03-14',
  street: '12 George Street',
  suburb: 'Parramatta',
  state: 'NSW',
  postcode: '2150',
  country: 'Australia',
  syncToXero: 'on',
};

describe('learners', () => {
  let t: TestApp;
  let north: TestAccount;
  let south: TestAccount;
  let finance: Visitor;

  const post = async (
    visitor: Visitor,
    path: string,
    body: Record<string, string | string[]>,
    page = '/learners',
  ) => {
    const token = csrfFrom((await visitor.agent.get(page)).text);
    return visitor.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: token });
  };

  beforeAll(async () => {
    t = await startTestApp();
    north = await createAccountWithUsers(t.app, 'lnorth');
    south = await createAccountWithUsers(t.app, 'lsouth');
    finance = await signIn(t.app, 'finance@lnorth.test', TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it('creates a learner with a generated student number and announces it after commit', async () => {
    const events: LearnerChanged[] = [];
    t.app.get(EventEmitter2).on(LearnerChanged.event, (event: LearnerChanged) => events.push(event));
    const res = await post(finance, '/learners', validLearner, '/learners/new');
    expect(res.status).toBe(303);
    const page = await finance.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Charlotte Nguyen');
    expect(page.text).toMatch(/STU-\d{6}/);
    expect(page.text).toContain('Parramatta, NSW 2150, Australia');
    const id = res.headers.location.split('/').pop()!;
    expect(events).toEqual([
      expect.objectContaining({ accountId: north.account.id, learnerId: id, change: 'created' }),
    ]);
    const learner = await reloadLearner(t.app, id);
    expect(learner.syncToXero).toBe(true);
    expect(learner.dateOfBirth).toBe('1999-03-14');
  });

  it.each([
    [{ firstName: '' }, 'firstName', 'Enter the first name.'],
    [{ lastName: '   ' }, 'lastName', 'Enter the last name.'],
    [{ email: 'not-an-email' }, 'email', 'Enter a valid email address'],
    [{ phone: 'call me' }, 'phone', 'Enter a phone number of digits'],
    [{ dateOfBirth: '2999-01-01' }, 'dateOfBirth', 'Enter the date of birth as a past date'],
    [{ dateOfBirth: '2001-02-30' }, 'dateOfBirth', 'Enter the date of birth as a past date'],
    [{ studentNumber: 'STU 1/2' }, 'studentNumber', 'Use letters, digits and dashes only'],
  ])(
    'refuses %j with a message next to %s, keeps the values and stores nothing',
    async (change, field, message) => {
      const before = await databaseDigest(t.app);
      const res = await post(finance, '/learners', { ...validLearner, ...change }, '/learners/new');
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`id="${field}-error"`);
      expect(res.text).toContain('value="Parramatta"');
      expect(await databaseDigest(t.app)).toEqual(before);
    },
  );

  it('refuses a student number already used in the account, but not one used by another account', async () => {
    await createLearner(t.app, north.account, { studentNumber: 'STU-777777' });
    await createLearner(t.app, south.account, { studentNumber: 'STU-888888' });
    const before = await databaseDigest(t.app);
    const taken = await post(
      finance,
      '/learners',
      { ...validLearner, studentNumber: 'STU-777777' },
      '/learners/new',
    );
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Student number STU-777777 is already used');
    expect(await databaseDigest(t.app)).toEqual(before);
    const elsewhere = await post(
      finance,
      '/learners',
      { ...validLearner, studentNumber: 'STU-888888' },
      '/learners/new',
    );
    expect(elsewhere.status).toBe(303);
  });

  it('searches by name, email or student number, pages and sorts', async () => {
    for (let i = 0; i < 30; i++) {
      await createLearner(t.app, north.account, {
        firstName: 'Paging',
        lastName: `Person${String(i).padStart(2, '0')}`,
        email: `paging${i}@example.test`,
      });
    }
    await createLearner(t.app, north.account, {
      firstName: 'Zelda',
      lastName: 'Quokka',
      email: 'zq@unique.test',
      studentNumber: 'STU-424242',
    });
    for (const q of ['Zelda Quokka', 'zq@unique', '424242', 'quokka']) {
      const res = await finance.agent.get('/learners').query({ q }).expect(200);
      expect(res.text).toContain('Zelda Quokka');
      expect(res.text).not.toContain('Paging Person');
    }
    const first = await finance.agent.get('/learners').query({ q: 'Paging', sort: 'name' }).expect(200);
    expect(first.text).toContain('30 learner(s)');
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain('Paging Person00');
    expect(first.text).not.toContain('Paging Person29');
    const second = await finance.agent.get('/learners').query({ q: 'Paging', page: 2 }).expect(200);
    expect(second.text).toContain('Paging Person29');
    const desc = await finance.agent
      .get('/learners')
      .query({ q: 'Paging', sort: 'name', dir: 'desc' })
      .expect(200);
    expect(desc.text.indexOf('Paging Person29')).toBeGreaterThan(-1);
    expect(desc.text).not.toContain('Paging Person00');
    // A wildcard typed by a user is a literal character.
    const literal = await finance.agent.get('/learners').query({ q: '%' }).expect(200);
    expect(literal.text).toContain('0 learner(s)');
  });

  it('turns "Sync to Xero" on and off for the selected learners only', async () => {
    const a = await createLearner(t.app, north.account, { lastName: 'Bulk-A' });
    const b = await createLearner(t.app, north.account, { lastName: 'Bulk-B' });
    const c = await createLearner(t.app, north.account, { lastName: 'Bulk-C' });
    const events: LearnerChanged[] = [];
    t.app.get(EventEmitter2).on(LearnerChanged.event, (event: LearnerChanged) => events.push(event));
    const off = await post(finance, '/learners/sync-to-xero', {
      ids: [a.id, b.id],
      syncToXero: 'off',
      returnTo: '/learners?q=Bulk',
    });
    expect(off.status).toBe(303);
    expect(off.headers.location).toBe('/learners?q=Bulk');
    expect((await reloadLearner(t.app, a.id)).syncToXero).toBe(false);
    expect((await reloadLearner(t.app, b.id)).syncToXero).toBe(false);
    expect((await reloadLearner(t.app, c.id)).syncToXero).toBe(true);
    // The sync module hears about each learner whose switch changed, and only those.
    expect(events.map((e) => e.learnerId).sort()).toEqual([a.id, b.id].sort());
    await post(finance, '/learners/sync-to-xero', { ids: [a.id], syncToXero: 'on' });
    expect((await reloadLearner(t.app, a.id)).syncToXero).toBe(true);
    const none = await post(finance, '/learners/sync-to-xero', { syncToXero: 'on' });
    expect(none.status).toBe(303);
    expect((await finance.agent.get('/learners')).text).toContain('Tick at least one learner first.');
  });

  it('edits a learner; a stale edit says so and loses nothing', async () => {
    const learner = await createLearner(t.app, north.account, { firstName: 'Edith', lastName: 'Stale' });
    const form = await finance.agent.get(`/learners/${learner.id}/edit`).expect(200);
    expect(form.text).toContain('name="version" value="1"');
    const saved = await post(
      finance,
      `/learners/${learner.id}`,
      { ...validLearner, firstName: 'Edie', lastName: 'Stale', version: '1' },
      `/learners/${learner.id}/edit`,
    );
    expect(saved.status).toBe(303);
    const after = await reloadLearner(t.app, learner.id);
    expect([after.firstName, after.version]).toEqual(['Edie', 2]);

    const before = await databaseDigest(t.app);
    const stale = await post(
      finance,
      `/learners/${learner.id}`,
      { ...validLearner, firstName: 'Edwina', lastName: 'Stale', suburb: 'Fitzroy', version: '1' },
      `/learners/${learner.id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This learner was changed by someone else');
    expect(stale.text).toContain('value="Edwina"');
    expect(stale.text).toContain('value="Fitzroy"');
    expect(stale.text).toContain('name="version" value="2"');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('several people saving the same learner at once: each loser sees what is really saved', async () => {
    const learner = await createLearner(t.app, north.account, { firstName: 'Race', lastName: 'Start' });
    const token = csrfFrom((await finance.agent.get(`/learners/${learner.id}/edit`)).text);
    const names = ['Winnera', 'Winnerb', 'Winnerc', 'Winnerd'];
    const results = await Promise.all(
      names.map((lastName) =>
        finance.agent
          .post(`/learners/${learner.id}`)
          .type('form')
          .send({ ...validLearner, firstName: 'Race', lastName, version: '1', _csrf: token }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 409, 409, 409]);
    const stored = await reloadLearner(t.app, learner.id);
    expect(stored.version).toBe(2);
    for (const [i, res] of results.entries()) {
      if (res.status !== 409) continue;
      expect(res.text).toContain('This learner was changed by someone else');
      expect(res.text).toContain(`value="${names[i]}"`);
      // The "saved" panel and the hidden version are the database's, not the rejected entry.
      const start = res.text.indexOf('Saved now');
      const panel = res.text.slice(start, res.text.indexOf('</div>', start));
      expect(panel).toContain(`Race ${stored.lastName}`);
      expect(panel).not.toContain(names[i]);
      expect(res.text).toContain('name="version" value="2"');
    }
  });

  it('a save overtaken between loading and writing leaves the learner showing what is saved', async () => {
    const learner = await createLearner(t.app, north.account, { firstName: 'Late', lastName: 'Saver' });
    const form = await validateForm(EditLearnerFormDto, {
      ...validLearner,
      firstName: 'Late',
      lastName: 'Mine',
      version: '1',
    });
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const shown = await inContext(t.app, async () => {
      const service = t.app.get(LearnersService);
      // Loaded as the edit page's controller does, then someone else's save lands.
      const loaded = await service.get(north.account.id, learner.id);
      await t.app
        .get(MikroORM)
        .em.fork()
        .nativeUpdate(Learner, { id: learner.id }, { lastName: 'Meanwhile', version: 2 });
      await expect(service.update(north.account.id, learner.id, form.value)).rejects.toThrow(
        'changed by someone else',
      );
      return loaded;
    });
    expect([shown.lastName, shown.version]).toEqual(['Meanwhile', 2]);
    expect((await reloadLearner(t.app, learner.id)).lastName).toBe('Meanwhile');
  });

  it('lets a trainer read but not write', async () => {
    const trainer = await signIn(t.app, 'trainer@lnorth.test', TEST_PASSWORD);
    const list = await trainer.agent.get('/learners').expect(200);
    expect(list.text).not.toContain('Add a learner');
    expect(list.text).not.toContain('name="ids"');
    const learner = await createLearner(t.app, north.account);
    await trainer.agent.get(`/learners/${learner.id}`).expect(200);
    await trainer.agent.get(`/learners/${learner.id}/edit`).expect(403);
    await trainer.agent.get('/learners/new').expect(403);
  });

  it('answers 404 for another account’s learner on every route and changes nothing', async () => {
    const theirs: Learner = await createLearner(t.app, south.account, {
      firstName: 'Secret',
      lastName: 'Southerner',
    });
    const before = await databaseDigest(t.app);
    for (const path of [`/learners/${theirs.id}`, `/learners/${theirs.id}/edit`, '/learners/not-a-uuid']) {
      const res = await finance.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('Southerner');
    }
    const update = await post(finance, `/learners/${theirs.id}`, { ...validLearner, version: '1' });
    expect(update.status).toBe(404);
    await post(finance, '/learners/sync-to-xero', { ids: [theirs.id], syncToXero: 'off' });
    expect(await databaseDigest(t.app)).toEqual(before);
    const list = await finance.agent.get('/learners').query({ q: 'Southerner' });
    expect(list.text).toContain('0 learner(s)');
  });
});
