import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSandbox, SandboxConnection } from '../support/xero-sandbox';
import { DocumentName, OpenApiValidator } from './openapi';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every endpoint the sandbox serves under the documented hosts; each must be exercised below. */
const SANDBOX_ENDPOINTS = [
  'GET /Organisation',
  'GET /Accounts',
  'GET /TaxRates',
  'GET /Contacts',
  'PUT /Contacts',
  'POST /Contacts',
  'GET /Contacts/{ContactNumber}',
  'POST /Contacts/{ContactID}',
  'GET /Invoices',
  'PUT /Invoices',
  'POST /Invoices',
  'GET /Invoices/{InvoiceID}',
  'POST /Invoices/{InvoiceID}',
  'GET /Invoices/{InvoiceID}/OnlineInvoice',
  'GET /Payments',
  'PUT /Payments',
  'POST /Payments',
  'GET /Payments/{PaymentID}',
  'POST /Payments/{PaymentID}',
  'GET /Connections',
  'DELETE /Connections/{id}',
];

describe("the Xero sandbox's answers conform to Xero's OpenAPI documents", () => {
  const validator = new OpenApiValidator();
  const exercised = new Set<string>();
  let testApp: TestApp;
  let connection: SandboxConnection;
  let tenantId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ XERO_SANDBOX_LIMITS: 'false' }, { listen: true });
    connection = await connectSandbox(testApp, { email: 'multi@sandbox.test' });
    tenantId = connection.tenants['Demo Training Co (Xero)'];
  });
  afterAll(() => testApp.close());

  /** Calls the sandbox, then validates the answer against the document's schema for it. */
  async function call(
    doc: DocumentName,
    method: 'get' | 'put' | 'post' | 'delete',
    path: string,
    expectedStatus: number,
    body?: Json,
    headers: Record<string, string> = {},
  ): Promise<Json> {
    const base =
      doc === 'accounting' ? `${testApp.config.xero.apiUrl}/api.xro/2.0` : testApp.config.xero.apiUrl;
    const agent = request(base);
    let req = agent[method](path).set('Authorization', `Bearer ${connection.accessToken}`);
    if (doc === 'accounting') req = req.set('xero-tenant-id', tenantId);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = body ? await req.send(body) : await req;
    expect(res.status).toBe(expectedStatus);
    const bare = path.split('?')[0];
    const errors = validator.validate(doc, method, bare, res.status, res.body);
    expect({ call: `${method.toUpperCase()} ${bare} -> ${res.status}`, errors }).toEqual({
      call: `${method.toUpperCase()} ${bare} -> ${res.status}`,
      errors: [],
    });
    exercised.add(validator.operation(doc, method, bare)!);
    return res.body;
  }

  it('Organisation, Accounts and TaxRates', async () => {
    await call('accounting', 'get', '/Organisation', 200);
    await call('accounting', 'get', '/Accounts', 200);
    await call('accounting', 'get', '/Accounts?where=Type%3D%3D%22BANK%22', 200);
    await call('accounting', 'get', '/TaxRates', 200);
  });

  it('Contacts: batches both ways, reads, paging and the ValidationException', async () => {
    const created = await call('accounting', 'put', '/Contacts?summarizeErrors=false', 200, {
      Contacts: [
        {
          Name: 'Conformance Learner',
          ContactNumber: 'C-1',
          FirstName: 'Con',
          LastName: 'Formance',
          EmailAddress: 'c1@example.edu.au',
          Phones: [{ PhoneType: 'MOBILE', PhoneNumber: '0400 000 000' }],
          Addresses: [
            {
              AddressType: 'POBOX',
              AddressLine1: 'PO Box 1',
              City: 'Sydney',
              PostalCode: '2000',
              Country: 'Australia',
            },
          ],
        },
        { Name: 'Conformance Learner' },
      ],
    });
    expect(created.Contacts.map((c: Json) => c.StatusAttributeString)).toEqual(['OK', 'ERROR']);
    const id = created.Contacts[0].ContactID as string;
    await call('accounting', 'post', '/Contacts', 200, {
      Contacts: [{ ContactID: id, EmailAddress: 'c1b@example.edu.au' }],
    });
    await call('accounting', 'post', `/Contacts/${id}`, 200, { Contacts: [{ LastName: 'Formed' }] });
    await call('accounting', 'get', `/Contacts/${id}`, 200);
    await call('accounting', 'get', '/Contacts?page=1&pageSize=10&includeArchived=true', 200);
    await call('accounting', 'get', `/Contacts?IDs=${id}`, 200, undefined, {
      'If-Modified-Since': new Date(Date.now() - 60_000).toUTCString(),
    });
    const refused = await call('accounting', 'put', '/Contacts', 400, {
      Contacts: [{ Name: 'Conformance Learner' }],
    });
    expect(refused.Type).toBe('ValidationException');
  });

  it('Invoices: create, update, read, the online invoice and a refused write', async () => {
    const contacts = await call('accounting', 'put', '/Contacts', 200, {
      Contacts: [{ Name: 'Invoice Learner', ContactNumber: 'C-2' }],
    });
    const contactId = contacts.Contacts[0].ContactID as string;
    const line = {
      Description: 'Diploma unit',
      Quantity: 2,
      UnitAmount: 150,
      AccountCode: '200',
      TaxType: 'OUTPUT',
    };
    const written = await call('accounting', 'put', '/Invoices?summarizeErrors=false', 200, {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: contactId },
          Date: '2026-11-01',
          DueDate: '2026-11-30',
          InvoiceNumber: 'CF-1',
          Status: 'AUTHORISED',
          LineItems: [line],
        },
        {
          Type: 'ACCREC',
          Contact: { ContactID: contactId },
          Date: '2026-11-01',
          InvoiceNumber: 'CF-2',
          Status: 'DRAFT',
          LineItems: [line],
        },
        { Type: 'ACCREC', Contact: { ContactID: contactId }, InvoiceNumber: 'CF-1', LineItems: [line] },
      ],
    });
    expect(written.Invoices.map((i: Json) => i.StatusAttributeString)).toEqual(['OK', 'OK', 'ERROR']);
    const [authorised, draft] = written.Invoices as Json[];
    await call('accounting', 'post', '/Invoices', 200, {
      Invoices: [{ InvoiceID: draft.InvoiceID, Reference: 'Term 4' }],
    });
    await call('accounting', 'post', `/Invoices/${draft.InvoiceID}`, 200, {
      Invoices: [{ Status: 'AUTHORISED' }],
    });
    await call('accounting', 'get', `/Invoices/${authorised.InvoiceID}`, 200);
    await call('accounting', 'get', `/Invoices/${authorised.InvoiceID}/OnlineInvoice`, 200);
    await call('accounting', 'get', `/Invoices?page=1&Statuses=AUTHORISED&ContactIDs=${contactId}`, 200);
    await call('accounting', 'get', '/Invoices?InvoiceNumbers=CF-1&where=Type%3D%3D%22ACCREC%22', 200);
    await call('accounting', 'post', `/Invoices/${authorised.InvoiceID}`, 400, {
      Invoices: [{ Status: 'DELETED' }],
    });
  });

  it('Payments: record (batch and single), read, delete', async () => {
    const contacts = await call('accounting', 'put', '/Contacts', 200, {
      Contacts: [{ Name: 'Paying Learner' }],
    });
    const invoices = await call('accounting', 'put', '/Invoices', 200, {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: contacts.Contacts[0].ContactID },
          Date: '2026-11-01',
          Status: 'AUTHORISED',
          LineItems: [{ Description: 'Fee', Quantity: 1, UnitAmount: 100, AccountCode: '260' }],
        },
      ],
    });
    const invoiceId = invoices.Invoices[0].InvoiceID as string;
    const batch = await call('accounting', 'put', '/Payments?summarizeErrors=false', 200, {
      Payments: [
        {
          Invoice: { InvoiceID: invoiceId },
          Account: { Code: '090' },
          Amount: 40,
          Date: '2026-11-05',
          Reference: 'Part',
        },
        { Invoice: { InvoiceID: invoiceId }, Account: { Code: '200' }, Amount: 10, Date: '2026-11-05' },
      ],
    });
    expect(batch.Payments.map((p: Json) => p.StatusAttributeString)).toEqual(['OK', 'ERROR']);
    const single = await call('accounting', 'post', '/Payments', 200, {
      Invoice: { InvoiceID: invoiceId },
      Account: { Code: '090' },
      Amount: 70,
      Date: '2026-11-06',
    });
    const paymentId = single.Payments[0].PaymentID as string;
    await call('accounting', 'get', `/Payments/${paymentId}`, 200);
    await call('accounting', 'get', '/Payments?page=1&where=Status%3D%3D%22AUTHORISED%22', 200, undefined, {
      'If-Modified-Since': new Date(Date.now() - 60_000).toISOString(),
    });
    await call('accounting', 'post', `/Payments/${paymentId}`, 200, { Payments: [{ Status: 'DELETED' }] });
  });

  it("token responses match the identity document's AccessToken", async () => {
    const refreshed = await request(testApp.config.xero.identityUrl)
      .post('/connect/token')
      .auth(testApp.config.xero.clientId, testApp.config.xero.clientSecret)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: connection.refreshToken })
      .expect(200);
    expect(validator.validateSchema('identity', 'AccessToken', refreshed.body)).toEqual([]);
    expect(validator.validateSchema('identity', 'AccessToken', { expires_in: 'soon' })).not.toEqual([]);
    connection = {
      ...connection,
      accessToken: refreshed.body.access_token,
      refreshToken: refreshed.body.refresh_token,
    };
  });

  it('Connections: list and delete', async () => {
    const connections = (await call('identity', 'get', '/Connections', 200)) as unknown as Json[];
    const northwind = connections.find((c) => c.tenantName === 'Northwind College Pty Ltd')!;
    await call('identity', 'delete', `/Connections/${northwind.id}`, 204);
  });

  it('catches what Xero would not send (the validator is not a rubber stamp)', () => {
    const errors = validator.validate('accounting', 'get', '/Contacts', 200, {
      Contacts: [{ ContactID: 'not-a-uuid', ContactStatus: 'SOMETIMES', IsCustomer: 'yes' }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/Contacts/0/ContactID'),
        expect.stringContaining('/Contacts/0/ContactStatus'),
        expect.stringContaining('/Contacts/0/IsCustomer'),
      ]),
    );
    expect(
      validator.validate('accounting', 'get', '/Payments', 200, { Payments: [{ Amount: '10.00' }] }),
    ).not.toEqual([]);
  });

  it('left no sandbox endpoint unexercised', () => {
    expect(SANDBOX_ENDPOINTS.filter((endpoint) => !exercised.has(endpoint))).toEqual([]);
  });
});
