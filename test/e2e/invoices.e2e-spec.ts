import { EventEmitter2 } from '@nestjs/event-emitter';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  Invoice,
  InvoiceChanged,
  InvoicesService,
  InvoiceStatus,
  PaymentRecorded,
  PaymentsService,
  PaymentStatus,
  RecordOrigin,
  TaxType,
} from '../../src/finance';
import { Learner } from '../../src/learners';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createInvoice, createLearner, inContext, reloadInvoice } from '../factories/records.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { startTestApp, TestApp } from '../support/test-app';

type Form = Record<string, string>;

/** Form fields of an invoice with the given line rows, as the browser posts them. */
function invoiceForm(learnerId: string, lines: Form[], extra: Form = {}): Form {
  const form: Form = {
    learner: learnerId,
    issueDate: '2026-11-02',
    dueDate: '2026-11-30',
    reference: 'Term 4',
    status: 'awaiting_payment',
    ...extra,
  };
  lines.forEach((line, i) => {
    for (const [key, value] of Object.entries(line)) form[`lines[${i}][${key}]`] = value;
  });
  return form;
}

const line = (unitAmount: string, extra: Form = {}): Form => ({
  description: 'Tuition',
  quantity: '1',
  unitAmount,
  accountCode: '200',
  taxType: '',
  ...extra,
});

describe('invoices and payments', () => {
  let t: TestApp;
  let north: TestAccount;
  let south: TestAccount;
  let finance: Visitor;
  let learner: Learner;

  const post = async (path: string, body: Form, page = '/invoices') => {
    const token = csrfFrom((await finance.agent.get(page)).text);
    return finance.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: token });
  };
  const idFrom = (location: string) => location.split('/').pop()!;

  beforeAll(async () => {
    t = await startTestApp();
    north = await createAccountWithUsers(t.app, 'inorth');
    south = await createAccountWithUsers(t.app, 'isouth');
    finance = await signIn(t.app, 'finance@inorth.test', TEST_PASSWORD);
    learner = await createLearner(t.app, north.account, { firstName: 'Ruby', lastName: 'Hughes' });
  });
  afterAll(() => t.close());

  it('creates an invoice with several lines; totals are computed per line, exact to the cent', async () => {
    const events: InvoiceChanged[] = [];
    t.app.get(EventEmitter2).on(InvoiceChanged.event, (event: InvoiceChanged) => events.push(event));
    const res = await post(
      '/invoices',
      invoiceForm(learner.id, [
        // 3 x 33.33 = 99.99, GST 9.999 -> 10.00
        line('33.33', { quantity: '3', taxType: 'OUTPUT' }),
        // 1.5 x 0.05 = 0.075 -> 0.08 (half away from zero), GST 0.008 -> 0.01
        line('0.05', { quantity: '1.5', taxType: 'OUTPUT' }),
        // 0.3333 x 10.05 = 3.349665 -> 3.35, GST-free
        line('10.05', { quantity: '0.3333', taxType: 'EXEMPTOUTPUT' }),
        // a row left as the form offered it is ignored
        { description: '', quantity: '1', unitAmount: '', accountCode: '', taxType: '' },
      ]),
      '/invoices/new',
    );
    expect(res.status).toBe(303);
    const invoice = await reloadInvoice(t.app, idFrom(res.headers.location));
    expect(invoice.lines).toHaveLength(3);
    expect([invoice.subtotalCents, invoice.taxCents, invoice.totalCents]).toEqual([10342, 1001, 11343]);
    expect([invoice.amountPaidCents, invoice.amountDueCents]).toEqual([0, 11343]);
    expect(invoice.status).toBe(InvoiceStatus.AwaitingPayment);
    expect(invoice.number).toMatch(/^LRM-\d{6}$/);
    expect(invoice.currency).toBe('AUD');
    const page = await finance.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('113.43');
    expect(page.text).toContain('Awaiting payment');
    expect(events).toContainEqual(expect.objectContaining({ invoiceId: invoice.id, change: 'created' }));
  });

  it('totals many fractional lines exactly', async () => {
    // Forty lines of 0.10 + GST: floats would drift; cents give 4.00 + 0.40 exactly.
    const lines = Array.from({ length: 40 }, () => line('0.10', { taxType: 'OUTPUT' }));
    const res = await post('/invoices', invoiceForm(learner.id, lines), '/invoices/new');
    expect(res.status).toBe(303);
    const invoice = await reloadInvoice(t.app, idFrom(res.headers.location));
    expect([invoice.subtotalCents, invoice.taxCents, invoice.totalCents]).toEqual([400, 40, 440]);
  });

  it('adds a line row without JavaScript, keeping what was typed and storing nothing', async () => {
    const before = await databaseDigest(t.app);
    const res = await post(
      '/invoices',
      { ...invoiceForm(learner.id, [line('12.00')]), addLine: '1' },
      '/invoices/new',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="lines[1][description]"');
    expect(res.text).toContain('value="12.00"');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it.each([
    [{ learner: '' }, [line('10')], 'learner', 'Choose a learner.'],
    [{ issueDate: '2026-13-01' }, [line('10')], 'issueDate', 'Enter the issue date'],
    [{ dueDate: '2026-10-01' }, [line('10')], 'dueDate', 'The due date cannot be before the issue date.'],
    [{}, [], 'lines', 'Add at least one line'],
    [{}, [line('10', { description: '' })], 'line-0-description', 'Enter a description.'],
    [{}, [line('0')], 'line-0-unitAmount', 'Enter an amount above zero.'],
    [{}, [line('-5')], 'line-0-unitAmount', 'Enter an amount above zero.'],
    [{}, [line('10.005')], 'line-0-unitAmount', 'at most two decimals'],
    [{}, [line('ten')], 'line-0-unitAmount', 'Enter the amount as a number'],
    [{}, [line('10', { quantity: '0' })], 'line-0-quantity', 'Enter a quantity above zero'],
    [{}, [line('10', { taxType: 'GST' })], 'line-0-taxType', 'Choose a tax type from the list.'],
    [{}, [line('10', { accountCode: 'not a code' })], 'line-0-accountCode', 'Enter an account code'],
    [{}, [line('100000000.00')], 'line-0-unitAmount', 'Enter an amount of at most 99,999,999.99.'],
    [{}, [line('99999999999999999999')], 'line-0-unitAmount', 'at most 99,999,999.99'],
    [{}, [line('10', { quantity: '1000000' })], 'line-0-quantity', 'Enter a quantity of at most 999999.'],
    [{}, [line('0.01', { quantity: '0.0001' })], 'lines', 'The lines add up to 0.00.'],
    [
      {},
      [line('99999999.99', { quantity: '200' })],
      'lines',
      'The invoice total can be at most 9,999,999,999.99',
    ],
  ])(
    'refuses %j %j: message next to %s, values kept, nothing stored',
    async (extra, lines, field, message) => {
      const before = await databaseDigest(t.app);
      const res = await post('/invoices', invoiceForm(learner.id, lines, extra as Form), '/invoices/new');
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`id="${field}-error"`);
      expect(res.text).toContain('value="Term 4"');
      expect(await databaseDigest(t.app)).toEqual(before);
    },
  );

  it('stores and pays amounts beyond 32-bit cents exactly', async () => {
    // 2 x 99,999,999.99 + GST: far past the 21,474,836.47 an int column holds.
    const res = await post(
      '/invoices',
      invoiceForm(learner.id, [line('99999999.99', { quantity: '2', taxType: 'OUTPUT' })]),
      '/invoices/new',
    );
    expect(res.status).toBe(303);
    const invoice = await reloadInvoice(t.app, idFrom(res.headers.location));
    expect([invoice.subtotalCents, invoice.taxCents, invoice.totalCents]).toEqual([
      19_999_999_998, 2_000_000_000, 21_999_999_998,
    ]);
    const paid = await post(
      `/invoices/${invoice.id}/payments`,
      { amount: '219999999.98', date: '2026-11-05', version: '1' },
      `/invoices/${invoice.id}/payments/new`,
    );
    expect(paid.status).toBe(303);
    const after = await reloadInvoice(t.app, invoice.id);
    expect([after.amountPaidCents, after.amountDueCents, after.status]).toEqual([
      21_999_999_998,
      0,
      InvoiceStatus.Paid,
    ]);
    expect((await finance.agent.get(`/invoices/${invoice.id}`)).text).toContain('219,999,999.98');
  });

  it('refuses more lines than an invoice can hold instead of dropping the rest', async () => {
    const lines = Array.from({ length: 101 }, (_, i) => line('1.00', { description: `Session ${i + 1}` }));
    const before = await databaseDigest(t.app);
    const res = await post('/invoices', invoiceForm(learner.id, lines), '/invoices/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="lines-error"');
    expect(res.text).toContain('An invoice can have at most 100 lines, and this one has 101.');
    expect(res.text).toContain('value="Session 100"');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('records part and full payments; amount due and status follow, exact to the cent', async () => {
    const recorded: PaymentRecorded[] = [];
    t.app.get(EventEmitter2).on(PaymentRecorded.event, (event: PaymentRecorded) => recorded.push(event));
    const invoice = await createInvoice(t.app, north.account.id, learner.id, [
      { quantity: 10_000, unitAmountCents: 10_000, taxType: TaxType.Output },
    ]);
    const path = `/invoices/${invoice.id}/payments`;
    const page = `${path}/new`;
    const part = await post(
      path,
      { amount: '33.33', date: '2026-11-05', reference: 'EFT', version: '1' },
      page,
    );
    expect(part.status).toBe(303);
    let after = await reloadInvoice(t.app, invoice.id);
    expect([after.totalCents, after.amountPaidCents, after.amountDueCents]).toEqual([11000, 3333, 7667]);
    expect(after.status).toBe(InvoiceStatus.AwaitingPayment);
    expect(recorded).toEqual([
      expect.objectContaining({ invoiceId: invoice.id, accountId: north.account.id }),
    ]);

    const before = await databaseDigest(t.app);
    const tooMuch = await post(
      path,
      { amount: '76.68', date: '2026-11-06', version: String(after.version) },
      page,
    );
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.text).toContain('is more than the amount due of AUD 76.67');
    expect(tooMuch.text).toContain('value="76.68"');
    expect(await databaseDigest(t.app)).toEqual(before);

    const rest = await post(
      path,
      { amount: '76.67', date: '2026-11-06', version: String(after.version) },
      page,
    );
    expect(rest.status).toBe(303);
    after = await reloadInvoice(t.app, invoice.id);
    expect([after.amountPaidCents, after.amountDueCents, after.status]).toEqual([
      11000,
      0,
      InvoiceStatus.Paid,
    ]);
    expect(after.payments.getItems().every((p) => p.status === PaymentStatus.Active)).toBe(true);
    const shown = await finance.agent.get(`/invoices/${invoice.id}`);
    expect(shown.text).toContain('Paid');

    const paidBefore = await databaseDigest(t.app);
    const voidPaid = await post(`/invoices/${invoice.id}/void`, {
      confirm: 'yes',
      version: String(after.version),
    });
    expect(voidPaid.status).toBe(303);
    expect((await finance.agent.get(`/invoices/${invoice.id}`)).text).toContain(
      'A paid invoice cannot be voided.',
    );
    expect(await databaseDigest(t.app)).toEqual(paidBefore);
  });

  it.each([
    [{ amount: '0' }, 'amount', 'Enter an amount above zero.'],
    [{ amount: '1.234' }, 'amount', 'at most two decimals'],
    [{ amount: '' }, 'amount', 'Enter an amount'],
    [{ date: '26/11/2026' }, 'date', 'Enter the payment date'],
    [{ amount: '99999999999999999999.00' }, 'amount', 'Enter an amount of at most 9,999,999,999.99.'],
  ])(
    'refuses a payment of %j with a message next to %s and stores nothing',
    async (change, field, message) => {
      const invoice = await createInvoice(t.app, north.account.id, learner.id);
      const before = await databaseDigest(t.app);
      const res = await post(
        `/invoices/${invoice.id}/payments`,
        { amount: '10.00', date: '2026-11-05', reference: 'Cash', version: '1', ...change },
        `/invoices/${invoice.id}/payments/new`,
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`id="${field}-error"`);
      expect(res.text).toContain('value="Cash"');
      expect(await databaseDigest(t.app)).toEqual(before);
    },
  );

  it('voids an unpaid invoice after confirmation; a voided invoice owes nothing and cannot change', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id, [
      { quantity: 25_000, unitAmountCents: 3_333 },
    ]);
    const confirm = await finance.agent.get(`/invoices/${invoice.id}/void`).expect(200);
    expect(confirm.text).toContain('will be voided');
    const unconfirmed = await post(`/invoices/${invoice.id}/void`, { version: '1' });
    expect(unconfirmed.headers.location).toBe(`/invoices/${invoice.id}/void`);
    expect((await reloadInvoice(t.app, invoice.id)).status).toBe(InvoiceStatus.AwaitingPayment);

    await post(`/invoices/${invoice.id}/void`, { confirm: 'yes', version: '1' }).then((r) =>
      expect(r.status).toBe(303),
    );
    const voided = await reloadInvoice(t.app, invoice.id);
    expect([voided.status, voided.totalCents, voided.amountDueCents]).toEqual([
      InvoiceStatus.Voided,
      8333,
      0,
    ]);

    const before = await databaseDigest(t.app);
    const pay = await post(
      `/invoices/${invoice.id}/payments`,
      { amount: '10.00', date: '2026-11-05', version: String(voided.version) },
      `/invoices/${invoice.id}`,
    );
    expect(pay.status).toBe(409);
    expect(pay.text).toContain('This invoice is voided, so it can no longer change.');
    await post(`/invoices/${invoice.id}/void`, { confirm: 'yes', version: String(voided.version) });
    expect((await finance.agent.get(`/invoices/${invoice.id}`)).text).toContain('This invoice is voided');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('refuses to void an invoice with a part payment', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    await post(
      `/invoices/${invoice.id}/payments`,
      { amount: '10', date: '2026-11-05', version: '1' },
      `/invoices/${invoice.id}`,
    );
    const before = await databaseDigest(t.app);
    await post(`/invoices/${invoice.id}/void`, { confirm: 'yes', version: '2' });
    expect((await finance.agent.get(`/invoices/${invoice.id}`)).text).toContain(
      'has payments recorded against it',
    );
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('says a payment form is stale when the invoice changed meanwhile, and keeps the entry', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    await post(
      `/invoices/${invoice.id}/payments`,
      { amount: '1', date: '2026-11-05', version: '1' },
      `/invoices/${invoice.id}`,
    );
    const before = await databaseDigest(t.app);
    const stale = await post(
      `/invoices/${invoice.id}/payments`,
      { amount: '2.50', date: '2026-11-07', version: '1' },
      `/invoices/${invoice.id}`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('changed by someone else');
    expect(stale.text).toContain('value="2.50"');
    expect(stale.text).toContain('name="version" value="2"');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('edits an unpaid invoice: lines replaced, totals recomputed, a stale form says so', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id, [
      { quantity: 10_000, unitAmountCents: 5_000 },
    ]);
    const form = await finance.agent.get(`/invoices/${invoice.id}/edit`).expect(200);
    expect(form.text).toContain('value="50.00"');
    expect(form.text).toContain('name="version" value="1"');
    const saved = await post(
      `/invoices/${invoice.id}`,
      { ...invoiceForm(learner.id, [line('19.99', { quantity: '3', taxType: 'OUTPUT' })]), version: '1' },
      `/invoices/${invoice.id}/edit`,
    );
    expect(saved.status).toBe(303);
    const after = await reloadInvoice(t.app, invoice.id);
    // 3 x 19.99 = 59.97, GST 5.997 -> 6.00
    expect([after.lines.length, after.totalCents, after.amountDueCents, after.version]).toEqual([
      1, 6597, 6597, 2,
    ]);

    const before = await databaseDigest(t.app);
    const stale = await post(
      `/invoices/${invoice.id}`,
      { ...invoiceForm(learner.id, [line('1.00', { description: 'Typed meanwhile' })]), version: '1' },
      `/invoices/${invoice.id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('changed by someone else');
    expect(stale.text).toContain('value="Typed meanwhile"');
    expect(stale.text).toContain('name="version" value="2"');
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('two people saving the same invoice at once: one is saved, the other is told and keeps the entry', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const token = csrfFrom((await finance.agent.get(`/invoices/${invoice.id}/edit`)).text);
    const save = (description: string) =>
      finance.agent
        .post(`/invoices/${invoice.id}`)
        .type('form')
        .send({ ...invoiceForm(learner.id, [line('12.00', { description })]), version: '1', _csrf: token });
    const results = await Promise.all([save('Edit by Ana'), save('Edit by Ben')]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.text).toContain('changed by someone else');
    const typed = loser === results[0] ? 'Edit by Ana' : 'Edit by Ben';
    expect(loser.text).toContain(`value="${typed}"`);
    expect(loser.text).toContain('name="version" value="2"');
    const after = await reloadInvoice(t.app, invoice.id);
    expect(after.version).toBe(2);
    expect(after.lines.getItems().map((l) => l.description)).not.toContain(typed);
  });

  it('two payments recorded at once on the same form version: one is recorded, the other is told', async () => {
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const path = `/invoices/${invoice.id}/payments`;
    const token = csrfFrom((await finance.agent.get(`${path}/new`)).text);
    const pay = (amount: string) =>
      finance.agent
        .post(path)
        .type('form')
        .send({ amount, date: '2026-11-05', reference: `Paid ${amount}`, version: '1', _csrf: token });
    const results = await Promise.all([pay('10.00'), pay('20.00')]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.text).toContain('changed by someone else');
    const typed = loser === results[0] ? '10.00' : '20.00';
    expect(loser.text).toContain(`value="${typed}"`);
    const after = await reloadInvoice(t.app, invoice.id);
    expect(after.payments).toHaveLength(1);
    expect(after.amountPaidCents).toBe(typed === '10.00' ? 2000 : 1000);
  });

  it('refuses to turn an approved invoice back into a draft, but approves a draft', async () => {
    const approved = await createInvoice(t.app, north.account.id, learner.id);
    const form = await finance.agent.get(`/invoices/${approved.id}/edit`).expect(200);
    expect(form.text).not.toContain('Save as draft');
    const before = await databaseDigest(t.app);
    const res = await post(
      `/invoices/${approved.id}`,
      { ...invoiceForm(learner.id, [line('15.00')], { status: 'draft' }), version: '1' },
      `/invoices/${approved.id}/edit`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="status-error"');
    expect(res.text).toContain('This invoice is approved, so it cannot go back to draft.');
    expect(res.text).toContain('value="15.00"');
    expect(await databaseDigest(t.app)).toEqual(before);

    const draft = await createInvoice(t.app, north.account.id, learner.id, undefined, InvoiceStatus.Draft);
    expect((await finance.agent.get(`/invoices/${draft.id}/edit`)).text).toContain('Save as draft');
    const approve = await post(
      `/invoices/${draft.id}`,
      { ...invoiceForm(learner.id, [line('15.00')]), version: '1' },
      `/invoices/${draft.id}/edit`,
    );
    expect(approve.status).toBe(303);
    expect((await reloadInvoice(t.app, draft.id)).status).toBe(InvoiceStatus.AwaitingPayment);
  });

  it('a change that lands after the page loaded the invoice is "changed by someone else" for every action', async () => {
    const change = {
      edit: (id: string) =>
        t.app.get(InvoicesService).update(
          north.account.id,
          id,
          {
            learnerId: learner.id,
            issueDate: '2026-11-01',
            dueDate: '2026-11-30',
            reference: null,
            status: InvoiceStatus.AwaitingPayment,
            lines: [
              {
                description: 'Fee',
                quantity: 10_000,
                unitAmountCents: 500,
                accountCode: null,
                taxType: null,
              },
            ],
          },
          1,
        ),
      void: (id: string) => t.app.get(InvoicesService).void(north.account.id, id, 1),
      pay: (id: string) =>
        t.app.get(PaymentsService).record(north.account.id, id, {
          amountCents: 100,
          date: '2026-11-05',
          reference: null,
          version: 1,
        }),
    };
    for (const [action, run] of Object.entries(change)) {
      const invoice = await createInvoice(t.app, north.account.id, learner.id);
      await inContext(t.app, async () => {
        // Loaded as the controller does before calling the service; then someone else's save lands.
        await t.app.get(InvoicesService).get(north.account.id, invoice.id);
        await t.app.get(MikroORM).em.fork().nativeUpdate(Invoice, { id: invoice.id }, { version: 2 });
        await expect(run(invoice.id)).rejects.toThrow(
          expect.objectContaining({ message: expect.stringContaining('changed by someone else') }),
        );
      });
      const after = await reloadInvoice(t.app, invoice.id);
      expect({
        action,
        status: after.status,
        payments: after.payments.length,
        total: after.totalCents,
      }).toEqual({
        action,
        status: InvoiceStatus.AwaitingPayment,
        payments: 0,
        total: 10_000,
      });
    }
  });

  it('keeps an archived learner on an invoice being edited, but never starts an invoice for one', async () => {
    const leaver = await createLearner(t.app, north.account, { firstName: 'Ada', lastName: 'Leaver' });
    const invoice = await createInvoice(t.app, north.account.id, leaver.id);
    const em = t.app.get(MikroORM).em.fork();
    await em.nativeUpdate(Learner, { id: leaver.id }, { archived: true });

    const form = await finance.agent.get(`/invoices/${invoice.id}/edit`).expect(200);
    expect(form.text).toMatch(
      new RegExp(`<option value="${leaver.id}" selected>Leaver, Ada \\([^)]+\\) \\(archived\\)</option>`),
    );
    const saved = await post(
      `/invoices/${invoice.id}`,
      { ...invoiceForm(leaver.id, [line('42.00')]), version: '1' },
      `/invoices/${invoice.id}/edit`,
    );
    expect(saved.status).toBe(303);
    const after = await reloadInvoice(t.app, invoice.id);
    expect([after.learner.id, after.totalCents]).toEqual([leaver.id, 4200]);

    const newForm = await finance.agent.get('/invoices/new').expect(200);
    expect(newForm.text).not.toContain('Leaver, Ada');
    const before = await databaseDigest(t.app);
    const refused = await post('/invoices', invoiceForm(leaver.id, [line('10')]), '/invoices/new');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="learner-error"');
    expect(refused.text).toContain('This learner is archived.');
    expect(refused.text).toContain('value="Term 4"');
    expect(await databaseDigest(t.app)).toEqual(before);
    const other = await createInvoice(t.app, north.account.id, learner.id);
    const afterOther = await databaseDigest(t.app);
    const moved = await post(
      `/invoices/${other.id}`,
      { ...invoiceForm(leaver.id, [line('10')]), version: '1' },
      `/invoices/${other.id}/edit`,
    );
    expect(moved.status).toBe(400);
    expect(moved.text).toContain('This learner is archived.');
    expect(await databaseDigest(t.app)).toEqual(afterOther);
  });

  it('refuses to edit a voided invoice, one with payments or one raised in Xero, and stores nothing', async () => {
    const voided = await createInvoice(t.app, north.account.id, learner.id);
    await post(`/invoices/${voided.id}/void`, { confirm: 'yes', version: '1' });
    const paid = await createInvoice(t.app, north.account.id, learner.id);
    await post(
      `/invoices/${paid.id}/payments`,
      { amount: '5', date: '2026-11-05', version: '1' },
      `/invoices/${paid.id}`,
    );
    const fromXero = await createInvoice(t.app, north.account.id, learner.id);
    const em = t.app.get(MikroORM).em.fork();
    await em.nativeUpdate(Invoice, { id: fromXero.id }, { origin: RecordOrigin.Xero });
    const before = await databaseDigest(t.app);
    for (const [invoice, message] of [
      [fromXero, 'This invoice was raised in Xero, so change it in Xero'],
      [voided, 'This invoice is voided, so it can no longer change.'],
      [paid, 'has payments recorded against it, so its lines and amounts can no longer change'],
    ] as const) {
      const res = await post(`/invoices/${invoice.id}`, {
        ...invoiceForm(learner.id, [line('1')]),
        version: '2',
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain(message);
      const edit = await finance.agent.get(`/invoices/${invoice.id}/edit`);
      expect(edit.status).toBe(303);
      expect((await finance.agent.get(edit.headers.location)).text).toContain(message);
    }
    expect(await databaseDigest(t.app)).toEqual(before);
  });

  it('gives every invoice its own number, even when created at the same moment', async () => {
    const invoices = await Promise.all(
      Array.from({ length: 8 }, () => createInvoice(t.app, north.account.id, learner.id)),
    );
    expect(new Set(invoices.map((i) => i.number)).size).toBe(8);
  });

  it('filters by status, learner and issue dates, with totals of the whole filtered set', async () => {
    const other = await createLearner(t.app, north.account, {
      firstName: 'Filter',
      lastName: 'Target',
      studentNumber: 'STU-515151',
    });
    const a = await createInvoice(t.app, north.account.id, other.id, [
      { quantity: 10_000, unitAmountCents: 1_050 },
    ]);
    await createInvoice(
      t.app,
      north.account.id,
      other.id,
      [{ quantity: 20_000, unitAmountCents: 1_000 }],
      InvoiceStatus.Draft,
    );
    await post(
      `/invoices/${a.id}/payments`,
      { amount: '0.50', date: '2026-11-05', version: '1' },
      `/invoices/${a.id}`,
    );

    const byLearner = await finance.agent.get('/invoices').query({ learner: 'Filter Target' }).expect(200);
    expect(byLearner.text).toMatch(/<dt>Invoices<\/dt><dd>2<\/dd>/);
    expect(byLearner.text).toContain('AUD 30.50');
    expect(byLearner.text).toContain('AUD 0.50');
    expect(byLearner.text).toContain('AUD 30.00');
    const drafts = await finance.agent
      .get('/invoices')
      .query({ learner: 'STU-515151', status: 'draft' })
      .expect(200);
    expect(drafts.text).toMatch(/<dt>Invoices<\/dt><dd>1<\/dd>/);
    expect(drafts.text).toContain('AUD 20.00');
    const byId = await finance.agent.get('/invoices').query({ learnerId: other.id }).expect(200);
    expect(byId.text).toMatch(/<dt>Invoices<\/dt><dd>2<\/dd>/);
    const outOfRange = await finance.agent
      .get('/invoices')
      .query({ learner: 'Filter Target', from: '2026-11-02', to: '2026-12-31' })
      .expect(200);
    expect(outOfRange.text).toMatch(/<dt>Invoices<\/dt><dd>0<\/dd>/);
    const inRange = await finance.agent
      .get('/invoices')
      .query({ learner: 'Filter Target', from: '2026-11-01', to: '2026-11-01' })
      .expect(200);
    expect(inRange.text).toMatch(/<dt>Invoices<\/dt><dd>2<\/dd>/);
  });

  it('answers 404 for another account’s invoice on every route, and refuses its learners', async () => {
    const theirLearner = await createLearner(t.app, south.account, {
      firstName: 'Hidden',
      lastName: 'Southerner',
    });
    const theirs = await createInvoice(t.app, south.account.id, theirLearner.id);
    const before = await databaseDigest(t.app);
    for (const path of [
      `/invoices/${theirs.id}`,
      `/invoices/${theirs.id}/void`,
      `/invoices/${theirs.id}/payments/new`,
      `/invoices/${theirs.id}/edit`,
      '/invoices/not-a-uuid',
    ]) {
      const res = await finance.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('Southerner');
    }
    const voided = await post(`/invoices/${theirs.id}/void`, { confirm: 'yes', version: '1' });
    const paid = await post(`/invoices/${theirs.id}/payments`, {
      amount: '1',
      date: '2026-11-05',
      version: '1',
    });
    const edited = await post(`/invoices/${theirs.id}`, {
      ...invoiceForm(theirLearner.id, [line('1')]),
      version: '1',
    });
    expect([voided.status, paid.status, edited.status]).toEqual([404, 404, 404]);
    const invoice = await post('/invoices', invoiceForm(theirLearner.id, [line('10')]), '/invoices/new');
    expect(invoice.status).toBe(400);
    expect(invoice.text).toContain('Choose a learner.');
    expect(await databaseDigest(t.app)).toEqual(before);
    const list = await finance.agent.get('/invoices').query({ learner: 'Southerner' });
    expect(list.text).toMatch(/<dt>Invoices<\/dt><dd>0<\/dd>/);
    const byId = await finance.agent.get('/invoices').query({ learnerId: theirLearner.id });
    expect(byId.text).toMatch(/<dt>Invoices<\/dt><dd>0<\/dd>/);
    const form = await finance.agent.get('/invoices/new').query({ learner: theirLearner.id }).expect(200);
    expect(form.text).not.toContain('Southerner');
  });

  it('lets a trainer read invoices but not write', async () => {
    const trainer = await signIn(t.app, 'trainer@inorth.test', TEST_PASSWORD);
    const invoice = await createInvoice(t.app, north.account.id, learner.id);
    const page = await trainer.agent.get(`/invoices/${invoice.id}`).expect(200);
    expect(page.text).not.toContain('Record a payment');
    await trainer.agent.get('/invoices').expect(200);
    await trainer.agent.get('/invoices/new').expect(403);
    await trainer.agent.get(`/invoices/${invoice.id}/payments/new`).expect(403);
  });
});
