import request from 'supertest';
import { NORTHWIND_TENANT_ID } from '../../src/xero-sandbox';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSandbox, hiddenFields, SandboxConnection, xeroAppAs } from '../support/xero-sandbox';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the Xero sandbox UI, as a bookkeeper uses it', () => {
  let testApp: TestApp;
  let connection: SandboxConnection;
  let tenantId: string;
  let agent: ReturnType<typeof request.agent>;
  let base: string;

  beforeAll(async () => {
    testApp = await startTestApp({ XERO_SANDBOX_LIMITS: 'false' }, { listen: true });
    connection = await connectSandbox(testApp, { email: 'single@sandbox.test' });
    tenantId = connection.tenants['Demo Training Co (Xero)'];
    // Morgan, a Xero user of both organisations, keeps the books.
    agent = await xeroAppAs(testApp.url!, 'multi@sandbox.test');
    base = `/xero-sandbox/app/${tenantId}`;
  });
  afterAll(() => testApp.close());

  const api = (method: 'get' | 'put' | 'post', path: string) => {
    const client = request(testApp.config.xero.apiUrl);
    return client[method](`/api.xro/2.0/${path}`)
      .set('Authorization', `Bearer ${connection.accessToken}`)
      .set('xero-tenant-id', tenantId);
  };

  /** Opens a page, then submits one of its forms (by action) with extra fields, as a browser would. */
  function submit(page: string, action: string, fields: Record<string, string> = {}) {
    return {
      expect: async (status: number) => {
        const html = (await agent.get(`${base}/${page}`).expect(200)).text;
        expect(html).toContain(`action="${action}"`);
        return agent
          .post(action)
          .type('form')
          .send({ _csrf: hiddenFields(html)._csrf, ...fields })
          .expect(status);
      },
    };
  }

  async function contact(name: string): Promise<Json> {
    const res = await api('put', 'Contacts')
      .send({ Contacts: [{ Name: name }] })
      .expect(200);
    return res.body.Contacts[0];
  }

  async function invoice(contactId: string, status: string, amount = 100): Promise<Json> {
    const res = await api('put', 'Invoices')
      .send({
        Invoices: [
          {
            Type: 'ACCREC',
            Contact: { ContactID: contactId },
            Date: '2026-11-03',
            Status: status,
            LineItems: [{ Description: 'Fee', Quantity: 1, UnitAmount: amount, AccountCode: '200' }],
          },
        ],
      })
      .expect(200);
    return res.body.Invoices[0];
  }

  const getInvoice = async (id: string) => (await api('get', `Invoices/${id}`).expect(200)).body.Invoices[0];

  it('sends a visitor who is not signed in to the sandbox login, then back to the page asked for', async () => {
    const visitor = request.agent(testApp.url!);
    for (const path of ['/xero-sandbox/app', base, `${base}/invoices`, `${base}/connected-apps`]) {
      const res = await visitor.get(path).expect(303);
      expect(res.headers.location).toMatch(/^\/xero-sandbox\/app\/login/);
    }
    const learner = await contact('Anne Onymous');
    const revoke = await visitor
      .post(`${base}/contacts/${learner.ContactID}/archive`)
      .type('form')
      .send({})
      .expect(303);
    expect(revoke.headers.location).toBe('/xero-sandbox/app/login');

    const page = await visitor.get(`/xero-sandbox/app/login?next=${encodeURIComponent(`${base}/invoices`)}`);
    const wrong = await visitor
      .post('/xero-sandbox/app/login')
      .type('form')
      .send({ ...hiddenFields(page.text), email: 'single@sandbox.test', password: 'guess' })
      .expect(401);
    expect(wrong.text).toContain('Your email or password is incorrect');
    const forged = await visitor
      .post('/xero-sandbox/app/login')
      .type('form')
      .send({ _csrf: 'x'.repeat(32), email: 'single@sandbox.test', password: 'sandbox' })
      .expect(403);
    expect(String(forged.headers['set-cookie'] ?? '')).not.toContain('xero_sandbox_app=');
    const signedIn = await visitor
      .post('/xero-sandbox/app/login')
      .type('form')
      .send({ ...hiddenFields(page.text), email: 'single@sandbox.test', password: 'sandbox' })
      .expect(303);
    expect(signedIn.headers.location).toBe(`${base}/invoices`);
    await visitor.get(`${base}/invoices`).expect(200);
    expect(
      (await api('get', `Contacts/${learner.ContactID}`).expect(200)).body.Contacts[0].ContactStatus,
    ).toBe('ACTIVE');
  });

  it("shows a Xero user only their own organisations; another's is not found", async () => {
    const single = await xeroAppAs(testApp.url!, 'single@sandbox.test');
    const home = await single.get('/xero-sandbox/app').expect(200);
    expect(home.text).toContain('Demo Training Co (Xero)');
    expect(home.text).not.toContain('Northwind College Pty Ltd');
    const northwind = `/xero-sandbox/app/${NORTHWIND_TENANT_ID}`;
    await single.get(`${northwind}/invoices`).expect(404);
    await single.get(`${northwind}/connected-apps`).expect(404);
    const html = (await single.get(`${base}/settings`).expect(200)).text;
    await single
      .post(`${northwind}/settings/lock-dates`)
      .type('form')
      .send({ _csrf: hiddenFields(html)._csrf, periodLockDate: '2026-01-31' })
      .expect(404);

    const none = await xeroAppAs(testApp.url!, 'none@sandbox.test');
    expect((await none.get('/xero-sandbox/app').expect(200)).text).toContain(
      'This Xero user has no organisation',
    );
    await none.get(`${base}/contacts`).expect(404);
  });

  it('logs out of the sandbox app only with its own form token', async () => {
    const single = await xeroAppAs(testApp.url!, 'single@sandbox.test');
    const home = await single.get('/xero-sandbox/app').expect(200);
    await single.post('/xero-sandbox/app/logout').type('form').send({}).expect(303);
    await single.get('/xero-sandbox/app').expect(200);
    await single
      .post('/xero-sandbox/app/logout')
      .type('form')
      .send({ _csrf: hiddenFields(home.text)._csrf })
      .expect(303);
    await single.get('/xero-sandbox/app').expect(303);
  });

  it('lets a visitor choose an organisation, and labels every app page as the sandbox', async () => {
    const home = await agent.get('/xero-sandbox/app').expect(200);
    expect(home.text).toContain('Demo Training Co (Xero)');
    expect(home.text).toContain('Northwind College Pty Ltd');
    const dashboard = await request(testApp.url!).get('/login').expect(200);
    expect(dashboard.text).toContain('Xero sandbox');
  });

  it('merges two contacts: the old one reports MergedToContactID and its invoices move', async () => {
    const from = await contact('Sam Duplicate');
    const into = await contact('Samantha Duplicate');
    const onOld = await invoice(from.ContactID, 'AUTHORISED');
    await submit('contacts', `${base}/contacts/merge`, {
      fromId: from.ContactID,
      intoId: into.ContactID,
    }).expect(303);
    const merged = (await api('get', `Contacts/${from.ContactID}`).expect(200)).body.Contacts[0];
    expect(merged).toMatchObject({ ContactStatus: 'ARCHIVED', MergedToContactID: into.ContactID });
    expect((await getInvoice(onOld.InvoiceID)).Contact.ContactID).toBe(into.ContactID);
    const page = await agent.get(`${base}/contacts`).expect(200);
    expect(page.text).toContain('merged into Samantha Duplicate');
  });

  it('archives a contact', async () => {
    const learner = await contact('Archie Vable');
    const res = await submit('contacts', `${base}/contacts/${learner.ContactID}/archive`).expect(303);
    expect(res.headers.location).toBe(`${base}/contacts?done=archived`);
    const after = (await api('get', `Contacts/${learner.ContactID}`).expect(200)).body.Contacts[0];
    expect(after.ContactStatus).toBe('ARCHIVED');
  });

  it('raises an approved invoice on a contact, which the API then returns', async () => {
    const learner = await contact('Ivy Invoice');
    await submit('invoices', `${base}/invoices`, {
      contactId: learner.ContactID,
      description: 'Workshop',
      amount: '80',
      accountCode: '260',
      date: '2026-11-12',
      approve: 'yes',
    }).expect(303);
    const listed = await api('get', 'Invoices').query({ ContactIDs: learner.ContactID }).expect(200);
    expect(listed.body.Invoices).toHaveLength(1);
    expect(listed.body.Invoices[0]).toMatchObject({ Status: 'AUTHORISED', Total: 88 });
  });

  it('approves a draft, records and deletes a payment, and voids an invoice', async () => {
    const learner = await contact('Pat Payer');
    const draft = await invoice(learner.ContactID, 'DRAFT');
    await submit('invoices', `${base}/invoices/${draft.InvoiceID}/approve`).expect(303);
    expect((await getInvoice(draft.InvoiceID)).Status).toBe('AUTHORISED');

    await submit('invoices', `${base}/invoices/${draft.InvoiceID}/payments`, {
      amount: '110',
      date: '2026-11-20',
    }).expect(303);
    expect(await getInvoice(draft.InvoiceID)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    const payments = await api('get', 'Payments').expect(200);
    const payment = (payments.body.Payments as Json[]).find((p) => p.Invoice.InvoiceID === draft.InvoiceID)!;

    await submit('payments', `${base}/payments/${payment.PaymentID}/delete`).expect(303);
    expect(await getInvoice(draft.InvoiceID)).toMatchObject({ Status: 'AUTHORISED', AmountDue: 110 });

    await submit('invoices', `${base}/invoices/${draft.InvoiceID}/void`).expect(303);
    expect((await getInvoice(draft.InvoiceID)).Status).toBe('VOIDED');
  });

  it('shows a refusal, not an error page, when the payment to delete does not exist', async () => {
    // The settings page always has a form, so it always carries the sandbox token.
    const html = (await agent.get(`${base}/settings`).expect(200)).text;
    const refused = await agent
      .post(`${base}/payments/00000000-0000-4000-8000-000000000000/delete`)
      .type('form')
      .send({ _csrf: hiddenFields(html)._csrf })
      .expect(400);
    expect(refused.text).toContain('That payment no longer exists.');
    expect(refused.text).toContain('<h1');
  });

  it("shows Xero's refusal when a payment is larger than the amount due", async () => {
    const learner = await contact('Olive Overpay');
    const authorised = await invoice(learner.ContactID, 'AUTHORISED');
    const refused = await submit('invoices', `${base}/invoices/${authorised.InvoiceID}/payments`, {
      amount: '500',
      date: '2026-11-20',
    }).expect(400);
    expect(refused.text).toContain('Payment amount exceeds the amount outstanding on this document');
  });

  it('sets lock dates that the API then enforces', async () => {
    await submit('settings', `${base}/settings/lock-dates`, {
      periodLockDate: '2026-09-30',
      endOfYearLockDate: '',
    }).expect(303);
    const org = (await api('get', 'Organisation').expect(200)).body.Organisations[0];
    expect(org.PeriodLockDate).toBe(`/Date(${Date.UTC(2026, 8, 30)}+0000)/`);
    const learner = await contact('Lockie Date');
    const res = await api('put', 'Invoices?summarizeErrors=false')
      .send({
        Invoices: [
          {
            Type: 'ACCREC',
            Contact: { ContactID: learner.ContactID },
            Date: '2026-09-01',
            LineItems: [{ Quantity: 1, UnitAmount: 1, AccountCode: '200' }],
          },
        ],
      })
      .expect(200);
    expect(res.body.Invoices[0].ValidationErrors[0].Message).toContain('period lock date');
    await submit('settings', `${base}/settings/lock-dates`, {
      periodLockDate: '',
      endOfYearLockDate: '',
    }).expect(303);
  });

  it('refuses a form without the sandbox token', async () => {
    const learner = await contact('Cross Site');
    await agent.post(`${base}/contacts/${learner.ContactID}/archive`).type('form').send({}).expect(403);
    expect(
      (await api('get', `Contacts/${learner.ContactID}`).expect(200)).body.Contacts[0].ContactStatus,
    ).toBe('ACTIVE');
  });

  it('serves pages without inline scripts or styles', async () => {
    for (const page of ['contacts', 'invoices', 'payments', 'settings', 'connected-apps']) {
      const html = (await agent.get(`${base}/${page}`).expect(200)).text;
      expect(html).not.toMatch(/<script|style=|<style/i);
    }
  });

  it('disconnects the app as a customer would: the API then refuses its token for this organisation', async () => {
    const page = await agent.get(`${base}/connected-apps`).expect(200);
    expect(page.text).toContain('single@sandbox.test');
    const listed = await request(testApp.config.xero.apiUrl)
      .get('/connections')
      .set('Authorization', `Bearer ${connection.accessToken}`)
      .expect(200);
    const id = (listed.body as Json[])[0].id as string;
    await submit('connected-apps', `${base}/connected-apps/${id}/revoke`).expect(303);
    await api('get', 'Contacts').expect(403);
  });
});
