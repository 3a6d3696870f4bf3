import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ALREADY_RECORDED } from '../../src/common';
import { Learner } from '../../src/learners';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createInvoice, createLearner, reloadInvoice } from '../factories/records.factory';
import { signIn, Visitor } from '../support/browser-session';
import { startTestApp, TestApp } from '../support/test-app';
import { hiddenFields } from '../support/xero-sandbox';

type Form = Record<string, string>;

describe('a form sent twice records once', () => {
  let t: TestApp;
  let north: TestAccount;
  let finance: Visitor;
  let learner: Learner;
  let em: EntityManager;

  /** The hidden fields a page's form carries (CSRF token, version, one-time token), as a browser sends them. */
  const formOn = async (page: string) => hiddenFields((await finance.agent.get(page).expect(200)).text);
  const send = (path: string, body: Form) => finance.agent.post(path).type('form').send(body);
  const flashOn = async (path: string) => (await finance.agent.get(path).expect(200)).text;
  const count = async (sql: string, params: unknown[]) =>
    Number((await em.getConnection().execute(sql, params))[0].count);

  beforeAll(async () => {
    t = await startTestApp();
    north = await createAccountWithUsers(t.app, 'once');
    finance = await signIn(t.app, 'finance@once.test', TEST_PASSWORD);
    learner = await createLearner(t.app, north.account, { firstName: 'Dana', lastName: 'Double' });
    em = t.app.get(MikroORM).em.fork() as EntityManager;
  });
  afterAll(() => t.close());

  it('records one payment for two identical posts of the Record payment form; the second says already recorded', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const path = `/invoices/${invoice.id}/payments`;
    const form = await formOn(`${path}/new`);
    expect(form.formToken).toBeTruthy();
    const body = { ...form, amount: '40.00', date: '2026-11-20', reference: 'Double click' };

    const first = await send(path, body).expect(303);
    expect(first.headers.location).toBe(`/invoices/${invoice.id}`);
    expect(await flashOn(first.headers.location)).toContain('A payment of AUD 40.00 was recorded.');
    const second = await send(path, body).expect(303);
    expect(second.headers.location).toBe(`/invoices/${invoice.id}`);
    const page = await flashOn(second.headers.location);
    expect(page).toContain(ALREADY_RECORDED);
    expect(page).not.toContain('changed by someone else');

    const saved = await reloadInvoice(t.app, invoice.id);
    expect(saved.payments).toHaveLength(1);
    expect(saved.amountPaidCents).toBe(4000);
  });

  it('records one payment when the two posts arrive at the same time', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const path = `/invoices/${invoice.id}/payments`;
    const body = { ...(await formOn(`${path}/new`)), amount: '25.00', date: '2026-11-20' };
    const answers = await Promise.all([send(path, body), send(path, body)]);
    expect(answers.map((a) => [a.status, a.headers.location])).toEqual([
      [303, `/invoices/${invoice.id}`],
      [303, `/invoices/${invoice.id}`],
    ]);
    expect((await reloadInvoice(t.app, invoice.id)).payments).toHaveLength(1);
  });

  it('lets the corrected form be sent with the same token after a refusal', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const path = `/invoices/${invoice.id}/payments`;
    const form = await formOn(`${path}/new`);
    const tooMuch = await send(path, { ...form, amount: '500.00', date: '2026-11-20' }).expect(400);
    expect(tooMuch.text).toContain('is more than the amount due');
    expect(hiddenFields(tooMuch.text).formToken).toBe(form.formToken);
    const fixed = await send(path, { ...hiddenFields(tooMuch.text), amount: '100.00', date: '2026-11-20' });
    expect(fixed.status).toBe(303);
    expect(await flashOn(fixed.headers.location)).toContain('was recorded');
    expect((await reloadInvoice(t.app, invoice.id)).amountDueCents).toBe(0);
  });

  it('creates one invoice from a New invoice form sent twice', async () => {
    const body: Form = {
      ...(await formOn('/invoices/new')),
      learner: learner.id,
      issueDate: '2026-11-02',
      dueDate: '2026-11-30',
      reference: 'Sent twice',
      status: 'awaiting_payment',
      'lines[0][description]': 'Tuition',
      'lines[0][quantity]': '1',
      'lines[0][unitAmount]': '120',
      'lines[0][accountCode]': '200',
      'lines[0][taxType]': '',
    };
    const first = await send('/invoices', body).expect(303);
    const second = await send('/invoices', body).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await flashOn(second.headers.location)).toContain(ALREADY_RECORDED);
    expect(await count(`select count(*) from invoice where reference = ?`, ['Sent twice'])).toBe(1);
  });

  it('adds one learner from a New learner form sent twice, and a fresh form adds another', async () => {
    const fields = {
      firstName: 'Twice',
      lastName: 'Sent',
      email: 'twice.sent@example.com.au',
      country: 'Australia',
    };
    const body = { ...(await formOn('/learners/new')), ...fields };
    const first = await send('/learners', body).expect(303);
    const second = await send('/learners', body).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await flashOn(second.headers.location)).toContain(ALREADY_RECORDED);
    expect(await count(`select count(*) from learner where last_name = ?`, ['Sent'])).toBe(1);

    // A new form is a new submission, even with the same details.
    await send('/learners', {
      ...(await formOn('/learners/new')),
      ...fields,
      email: 'again@example.com.au',
    }).expect(303);
    expect(await count(`select count(*) from learner where last_name = ?`, ['Sent'])).toBe(2);
  });
});
