import { Role } from '../../src/common';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createInvoice, createLearner } from '../factories/records.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { startTestApp, TestApp } from '../support/test-app';

describe('invoice numbering settings', () => {
  let t: TestApp;
  let acme: TestAccount;
  let owner: Visitor;

  const save = async (prefix: string) => {
    const page = await owner.agent.get('/settings/invoicing');
    return owner.agent
      .post('/settings/invoicing')
      .type('form')
      .send({ prefix, _csrf: csrfFrom(page.text) });
  };

  beforeAll(async () => {
    t = await startTestApp();
    acme = await createAccountWithUsers(t.app, 'numbers');
    owner = await signIn(t.app, 'owner@numbers.test', TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it('numbers new invoices with the prefix the owner sets, carrying on the sequence', async () => {
    const learner = await createLearner(t.app, acme.account);
    expect((await createInvoice(t.app, acme.account.id, learner.id)).number).toBe('LRM-000001');
    expect((await owner.agent.get('/settings/invoicing')).text).toContain('LRM-000002');

    expect((await save('INV-')).status).toBe(303);
    const page = await owner.agent.get('/settings/invoicing');
    expect(page.text).toContain('New invoices are numbered from INV-000002');
    expect((await createInvoice(t.app, acme.account.id, learner.id)).number).toBe('INV-000002');
  });

  it('refuses a prefix Xero could not take cleanly, with the message next to the field, storing nothing', async () => {
    const before = await databaseDigest(t.app);
    for (const bad of ['', ' ', 'TOO-LONG-PREFIX', '-LEADING', 'A B']) {
      const res = await save(bad);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Use 1 to 10 letters, digits');
    }
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('is the Account Owner’s setting only', async () => {
    const finance = await signIn(t.app, `${Role.Finance}@numbers.test`, TEST_PASSWORD);
    expect((await finance.agent.get('/settings/invoicing')).status).toBe(403);
  });
});
