import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { DemoRecordsSeeder, Invoice, InvoiceStatus } from '../../src/finance';
import { DEMO_ACCOUNT_NAME, DEMO_PASSWORD } from '../../src/identity';
import { Learner } from '../../src/learners';
import { csrfFrom, signIn } from '../support/browser-session';
import { startTestApp, TestApp } from '../support/test-app';

describe('demo records', () => {
  let t: TestApp;
  const em = () => t.app.get(MikroORM).em.fork() as EntityManager;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(() => t.close());

  it('gives the demo account 60 learners and 80 invoices in every status, once', async () => {
    const learners = await em().find(Learner, { account: { name: DEMO_ACCOUNT_NAME } });
    expect(learners).toHaveLength(60);
    const names = learners.map((l) => l.fullName);
    expect(names.length - new Set(names).size).toBe(1);
    expect(learners.filter((l) => !l.email)).toHaveLength(1);
    expect(learners.every((l) => /^\d{4}$/.test(l.postcode ?? '') && l.suburb && l.state)).toBe(true);

    const invoices = await em().find(Invoice, { account: { name: DEMO_ACCOUNT_NAME } });
    expect(invoices).toHaveLength(80);
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(Object.values(InvoiceStatus)));
    const partPaid = invoices.filter((i) => i.amountPaidCents > 0 && i.amountDueCents > 0);
    expect(partPaid.length).toBeGreaterThan(0);
    for (const invoice of invoices) {
      expect(invoice.amountDueCents).toBe(
        invoice.status === InvoiceStatus.Voided ? 0 : invoice.totalCents - invoice.amountPaidCents,
      );
    }

    await t.app.get(DemoRecordsSeeder).onApplicationBootstrap();
    expect(await em().count(Learner, { account: { name: DEMO_ACCOUNT_NAME } })).toBe(60);
  });

  it('continues the numbering after the demo records', async () => {
    const finance = await signIn(t.app, 'finance@demo.test', DEMO_PASSWORD);
    const list = await finance.agent.get('/invoices').expect(200);
    expect(list.text).toMatch(/<dt>Invoices<\/dt><dd>80<\/dd>/);
    const learners = await finance.agent.get('/learners').expect(200);
    expect(learners.text).toContain('60 learner(s)');
    const token = csrfFrom((await finance.agent.get('/learners/new')).text);
    const created = await finance.agent
      .post('/learners')
      .type('form')
      .send({ firstName: 'New', lastName: 'Starter', _csrf: token });
    expect(created.status).toBe(303);
    expect((await finance.agent.get(created.headers.location)).text).toContain('STU-000061');
  });
});
