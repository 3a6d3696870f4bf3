import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSandbox, SandboxConnection } from '../support/xero-sandbox';

const ADMIN_TOKEN = 'sandbox-admin-token-for-tests';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Xero sandbox: Xero's rules, with Xero's wording", () => {
  let testApp: TestApp;
  let connection: SandboxConnection;
  let tenantId: string;
  let seq = 0;

  beforeAll(async () => {
    testApp = await startTestApp(
      { XERO_SANDBOX_LIMITS: 'false', XERO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN },
      { listen: true },
    );
    connection = await connectSandbox(testApp, { email: 'single@sandbox.test' });
    tenantId = connection.tenants['Demo Training Co (Xero)'];
  });
  afterAll(() => testApp.close());

  const call = (method: 'get' | 'put' | 'post', path: string) => {
    const agent = request(testApp.config.xero.apiUrl);
    return agent[method](`/api.xro/2.0/${path}`)
      .set('Authorization', `Bearer ${connection.accessToken}`)
      .set('xero-tenant-id', tenantId);
  };

  /** Writes one element with summarizeErrors=false and returns it (OK or ERROR). */
  async function writeOne(
    method: 'put' | 'post',
    collection: string,
    element: Json,
    path = collection,
  ): Promise<Json> {
    const res = await call(method, `${path}?summarizeErrors=false`)
      .send({ [collection]: [element] })
      .expect(200);
    return res.body[collection][0];
  }

  const messages = (element: Json) => (element.ValidationErrors ?? []).map((e: Json) => e.Message);
  const unique = (prefix: string) => `${prefix} ${++seq}`;

  async function newContact(overrides: Json = {}): Promise<Json> {
    const contact = await writeOne('put', 'Contacts', { Name: unique('Learner'), ...overrides });
    expect(contact.StatusAttributeString).toBe('OK');
    return contact;
  }

  const sale = (contactId: string, overrides: Json = {}): Json => ({
    Type: 'ACCREC',
    Contact: { ContactID: contactId },
    Date: '2026-11-10',
    DueDate: '2026-12-10',
    Status: 'AUTHORISED',
    LineItems: [
      { Description: 'Course fee', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT' },
    ],
    ...overrides,
  });

  async function newInvoice(overrides: Json = {}): Promise<Json> {
    const contact = await newContact();
    const invoice = await writeOne('put', 'Invoices', sale(contact.ContactID, overrides));
    expect(messages(invoice)).toEqual([]);
    return invoice;
  }

  const pay = (invoiceId: string, amount: number, account = '090') =>
    writeOne('put', 'Payments', {
      Invoice: { InvoiceID: invoiceId },
      Account: { Code: account },
      Amount: amount,
      Date: '2026-11-15',
    });

  it('keeps active contact names unique, but an archived contact frees its name', async () => {
    const first = await newContact({ Name: 'Jo Citizen' });
    const clash = await writeOne('put', 'Contacts', { Name: 'Jo Citizen' });
    expect(clash.StatusAttributeString).toBe('ERROR');
    expect(messages(clash)).toEqual([
      'The contact name Jo Citizen is already assigned to another contact. The contact name must be unique across all active contacts.',
    ]);
    await writeOne('post', 'Contacts', { ContactID: first.ContactID, ContactStatus: 'ARCHIVED' });
    expect((await writeOne('put', 'Contacts', { Name: 'Jo Citizen' })).StatusAttributeString).toBe('OK');
  });

  it('keeps ContactNumber unique, archived contacts included', async () => {
    const first = await newContact({ ContactNumber: 'STU-77' });
    await writeOne('post', 'Contacts', { ContactID: first.ContactID, ContactStatus: 'ARCHIVED' });
    const clash = await writeOne('put', 'Contacts', { Name: unique('Other'), ContactNumber: 'STU-77' });
    expect(messages(clash)).toEqual([
      'The contact number STU-77 is already assigned to another contact. The contact number must be unique across all contacts.',
    ]);
    const listed = await call('get', 'Contacts')
      .query({ where: 'ContactNumber=="STU-77"', includeArchived: 'true' })
      .expect(200);
    expect(listed.body.Contacts.map((c: Json) => c.ContactStatus)).toEqual(['ARCHIVED']);
    const byNumber = await call('get', 'Contacts/STU-77').expect(200);
    expect(byNumber.body.Contacts[0].ContactID).toBe(first.ContactID);
    const activeOnly = await call('get', 'Contacts').query({ where: 'ContactNumber=="STU-77"' }).expect(200);
    expect(activeOnly.body.Contacts).toEqual([]);
  });

  it('refuses new documents on an archived contact', async () => {
    const contact = await newContact();
    await writeOne('post', 'Contacts', { ContactID: contact.ContactID, ContactStatus: 'ARCHIVED' });
    const invoice = await writeOne('put', 'Invoices', sale(contact.ContactID));
    expect(messages(invoice)).toEqual([
      'The contact has been archived and cannot be used on new transactions.',
    ]);
  });

  it('needs an existing contact on an invoice', async () => {
    const missing = await writeOne('put', 'Invoices', sale('2f0c8f5e-1b0a-4f63-9a57-5a0000000000'));
    expect(messages(missing)).toEqual([
      'The contact with ContactID 2f0c8f5e-1b0a-4f63-9a57-5a0000000000 could not be found.',
    ]);
    const none = await writeOne('put', 'Invoices', { ...sale('x'), Contact: {} });
    expect(messages(none)).toEqual(['A Contact must be specified for this type of transaction']);
  });

  it.each([
    ['999', "Account code '999' is not a valid code for this document."],
    ['090', "Account code '090' is not a valid code for this document."],
    [
      '250',
      "Account code '250' has been archived, or has been deleted. Each line item must reference a valid account.",
    ],
  ])('refuses account code %s on a sales line', async (code, message) => {
    const contact = await newContact();
    const invoice = await writeOne(
      'put',
      'Invoices',
      sale(contact.ContactID, {
        LineItems: [{ Description: 'Fee', Quantity: 1, UnitAmount: 10, AccountCode: code }],
      }),
    );
    expect(messages(invoice)).toEqual([message]);
  });

  it('accepts the revenue codes 200 and 260 and refuses a tax type that does not fit', async () => {
    const contact = await newContact();
    const ok = await writeOne(
      'put',
      'Invoices',
      sale(contact.ContactID, {
        LineItems: [
          { Description: 'Fee', Quantity: 2, UnitAmount: 50, AccountCode: '200', TaxType: 'EXEMPTOUTPUT' },
          { Description: 'Other', Quantity: 1, UnitAmount: 10, AccountCode: '260' },
        ],
      }),
    );
    expect(ok).toMatchObject({ StatusAttributeString: 'OK', SubTotal: 110, TotalTax: 1, Total: 111 });
    for (const taxType of ['INPUT', 'NOPE']) {
      const bad = await writeOne(
        'put',
        'Invoices',
        sale(contact.ContactID, {
          LineItems: [{ Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: taxType }],
        }),
      );
      expect(messages(bad)).toEqual([
        `The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`,
      ]);
    }
  });

  it('computes GST inclusive and exclusive amounts, and refuses an unknown LineAmountTypes', async () => {
    const contact = await newContact();
    const inclusive = await writeOne(
      'put',
      'Invoices',
      sale(contact.ContactID, { LineAmountTypes: 'Inclusive' }),
    );
    expect(inclusive).toMatchObject({ SubTotal: 90.91, TotalTax: 9.09, Total: 100 });
    const noTax = await writeOne('put', 'Invoices', sale(contact.ContactID, { LineAmountTypes: 'NoTax' }));
    expect(noTax).toMatchObject({ SubTotal: 100, TotalTax: 0, Total: 100 });
    const bad = await writeOne('put', 'Invoices', sale(contact.ContactID, { LineAmountTypes: 'Sometimes' }));
    expect(messages(bad)).toEqual([
      "'Sometimes' is not a valid LineAmountTypes value. Use Exclusive, Inclusive or NoTax.",
    ]);
  });

  it('rounds half cents of GST away from zero, per line, and takes a payment of exactly the total', async () => {
    const lines = [
      { Description: 'Fee', Quantity: 1, UnitAmount: 10.05, AccountCode: '200', TaxType: 'OUTPUT' },
      { Description: 'Book', Quantity: 1, UnitAmount: 1.45, AccountCode: '200', TaxType: 'OUTPUT' },
    ];
    const exclusive = await newInvoice({ LineItems: lines });
    // GST 1.005 -> 1.01 and 0.145 -> 0.15
    expect(exclusive).toMatchObject({ SubTotal: 11.5, TotalTax: 1.16, Total: 12.66, AmountDue: 12.66 });
    expect(exclusive.LineItems.map((l: Json) => l.TaxAmount)).toEqual([1.01, 0.15]);
    const paid = await pay(exclusive.InvoiceID, 12.66);
    expect(messages(paid)).toEqual([]);
    const after = await call('get', `Invoices/${exclusive.InvoiceID}`).expect(200);
    expect(after.body.Invoices[0]).toMatchObject({ Status: 'PAID', AmountPaid: 12.66, AmountDue: 0 });

    // GST inside 10.05 is 0.9136 -> 0.91, inside 1.45 it is 0.1318 -> 0.13
    const inclusive = await newInvoice({ LineItems: lines, LineAmountTypes: 'Inclusive' });
    expect(inclusive).toMatchObject({ SubTotal: 10.46, TotalTax: 1.04, Total: 11.5 });
    const noTax = await newInvoice({ LineItems: lines, LineAmountTypes: 'NoTax' });
    expect(noTax).toMatchObject({ SubTotal: 11.5, TotalTax: 0, Total: 11.5 });
    // 1.5 x 0.05 = 0.075 -> 0.08
    const fraction = await newInvoice({
      LineItems: [{ Description: 'Hours', Quantity: 1.5, UnitAmount: 0.05, AccountCode: '200' }],
      LineAmountTypes: 'NoTax',
    });
    expect(fraction).toMatchObject({ Total: 0.08 });
    for (const amount of [0.01, 0.07]) expect(messages(await pay(fraction.InvoiceID, amount))).toEqual([]);
    const settled = await call('get', `Invoices/${fraction.InvoiceID}`).expect(200);
    expect(settled.body.Invoices[0]).toMatchObject({ Status: 'PAID', AmountPaid: 0.08, AmountDue: 0 });
  });

  it('requires line items', async () => {
    const contact = await newContact();
    const invoice = await writeOne('put', 'Invoices', sale(contact.ContactID, { LineItems: [] }));
    expect(messages(invoice)).toEqual(['Invoices must have at least one line item.']);
  });

  it('refuses documents dated on or before a lock date', async () => {
    const admin = (body: Json) =>
      request(testApp.url!)
        .put(`/xero-sandbox/admin/organisations/${tenantId}/lock-dates`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send(body)
        .expect(204);
    await admin({ PeriodLockDate: '2026-10-31' });
    const contact = await newContact();
    try {
      const locked = await writeOne('put', 'Invoices', sale(contact.ContactID, { Date: '2026-10-15' }));
      expect(messages(locked)).toEqual([
        'The document date cannot be before the period lock date, currently set at 31 Oct 2026.',
      ]);
      const org = await call('get', 'Organisation').expect(200);
      expect(org.body.Organisations[0].PeriodLockDate).toBe(`/Date(${Date.UTC(2026, 9, 31)}+0000)/`);
      await admin({ EndOfYearLockDate: '2026-06-30' });
      const yearLocked = await writeOne('put', 'Invoices', sale(contact.ContactID, { Date: '2026-06-30' }));
      expect(messages(yearLocked)).toEqual([
        'The document date cannot be before the end of year lock date, currently set at 30 Jun 2026.',
      ]);
      expect(
        messages(await writeOne('put', 'Invoices', sale(contact.ContactID, { Date: '2026-11-01' }))),
      ).toEqual([]);
    } finally {
      await admin({});
    }
  });

  it('keeps invoice numbers unique', async () => {
    const first = await newInvoice({ InvoiceNumber: 'LRM-5000' });
    const again = await writeOne(
      'put',
      'Invoices',
      sale(first.Contact.ContactID, { InvoiceNumber: 'LRM-5000' }),
    );
    expect(messages(again)).toEqual(['Invoice # must be unique.']);
  });

  it('returns line items in invoice lists only when paged, as Xero does', async () => {
    const invoice = await newInvoice({ InvoiceNumber: 'LRM-LINES-1' });
    const unpaged = await call('get', 'Invoices').query({ InvoiceNumbers: 'LRM-LINES-1' }).expect(200);
    expect(unpaged.body.Invoices[0].LineItems).toBeUndefined();
    const paged = await call('get', 'Invoices').query({ InvoiceNumbers: 'LRM-LINES-1', page: 1 }).expect(200);
    expect(paged.body.Invoices[0].LineItems).toHaveLength(1);
    const single = await call('get', `Invoices/${invoice.InvoiceID}`).expect(200);
    expect(single.body.Invoices[0].LineItems[0]).toMatchObject({
      AccountCode: '200',
      LineAmount: 100,
      TaxAmount: 10,
    });
  });

  it('numbers invoices itself when no number is given', async () => {
    const invoice = await newInvoice();
    expect(invoice.InvoiceNumber).toMatch(/^INV-\d{4}$/);
  });

  it('does not modify PAID or VOIDED invoices', async () => {
    const paid = await newInvoice();
    await pay(paid.InvoiceID, 110);
    const edit = await writeOne('post', 'Invoices', { InvoiceID: paid.InvoiceID, Reference: 'changed' });
    expect(messages(edit)).toEqual(['Invoice not of valid status for modification']);

    const voided = await newInvoice();
    expect(
      (await writeOne('post', 'Invoices', { InvoiceID: voided.InvoiceID, Status: 'VOIDED' })).Status,
    ).toBe('VOIDED');
    const after = await writeOne('post', 'Invoices', { InvoiceID: voided.InvoiceID, Reference: 'changed' });
    expect(messages(after)).toEqual(['Invoice not of valid status for modification']);
  });

  it('voids only AUTHORISED invoices without payments', async () => {
    const draft = await newInvoice({ Status: 'DRAFT' });
    expect(
      messages(await writeOne('post', 'Invoices', { InvoiceID: draft.InvoiceID, Status: 'VOIDED' })),
    ).toEqual(['Invoice not of valid status for modification']);
    const partPaid = await newInvoice();
    await pay(partPaid.InvoiceID, 10);
    expect(
      messages(await writeOne('post', 'Invoices', { InvoiceID: partPaid.InvoiceID, Status: 'VOIDED' })),
    ).toEqual(['This document cannot be edited as it has a payment or credit note allocated to it.']);
  });

  it('deletes only DRAFT or SUBMITTED invoices', async () => {
    const submitted = await newInvoice({ Status: 'SUBMITTED' });
    expect(
      (await writeOne('post', 'Invoices', { InvoiceID: submitted.InvoiceID, Status: 'DELETED' })).Status,
    ).toBe('DELETED');
    const authorised = await newInvoice();
    expect(
      messages(await writeOne('post', 'Invoices', { InvoiceID: authorised.InvoiceID, Status: 'DELETED' })),
    ).toEqual(['Invoice not of valid status for modification']);
  });

  it('takes payments only on AUTHORISED invoices, up to the amount due, into a bank account', async () => {
    const draft = await newInvoice({ Status: 'DRAFT' });
    expect(messages(await pay(draft.InvoiceID, 10))).toEqual([
      'Payment can only be made against Authorised documents.',
    ]);
    const invoice = await newInvoice();
    expect(messages(await pay(invoice.InvoiceID, 110.01))).toEqual([
      'Payment amount exceeds the amount outstanding on this document',
    ]);
    expect(messages(await pay(invoice.InvoiceID, 10, '200'))).toEqual([
      'Account type is invalid for making a payment to/from',
    ]);
    const part = await pay(invoice.InvoiceID, 60);
    expect(part.StatusAttributeString).toBe('OK');
    const afterPart = await call('get', `Invoices/${invoice.InvoiceID}`).expect(200);
    expect(afterPart.body.Invoices[0]).toMatchObject({ Status: 'AUTHORISED', AmountPaid: 60, AmountDue: 50 });
    const rest = await pay(invoice.InvoiceID, 50);
    const paid = await call('get', `Invoices/${invoice.InvoiceID}`).expect(200);
    expect(paid.body.Invoices[0]).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    expect(paid.body.Invoices[0].Payments).toHaveLength(2);

    await call('post', `Payments/${rest.PaymentID}`).send({ Status: 'DELETED' }).expect(200);
    const reverted = await call('get', `Invoices/${invoice.InvoiceID}`).expect(200);
    expect(reverted.body.Invoices[0]).toMatchObject({ Status: 'AUTHORISED', AmountDue: 50 });
    const deleted = await call('get', `Payments/${rest.PaymentID}`).expect(200);
    expect(deleted.body.Payments[0].Status).toBe('DELETED');
  });

  it('bumps UpdatedDateUTC on every change', async () => {
    const contact = await newContact();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await writeOne('post', 'Contacts', {
      ContactID: contact.ContactID,
      EmailAddress: 'new@example.edu.au',
    });
    const stamp = (value: string) => Number(/\d+/.exec(value)![0]);
    expect(stamp(updated.UpdatedDateUTC)).toBeGreaterThan(stamp(contact.UpdatedDateUTC));
  });

  it('checks the granted scopes: a read-only contacts grant reads contacts and nothing more', async () => {
    const readOnly = await connectSandbox(testApp, {
      email: 'single@sandbox.test',
      scopes: ['openid', 'offline_access', 'accounting.contacts.read'],
    });
    const as = (method: 'get' | 'put', path: string) => {
      const agent = request(testApp.config.xero.apiUrl);
      return agent[method](`/api.xro/2.0/${path}`)
        .set('Authorization', `Bearer ${readOnly.accessToken}`)
        .set('xero-tenant-id', tenantId);
    };
    await as('get', 'Contacts').expect(200);
    await as('put', 'Contacts')
      .send({ Contacts: [{ Name: unique('Scoped') }] })
      .expect(403);
    await as('get', 'Invoices').expect(403);
  });

  it("answers in Xero's envelope with /Date()/ dates, and 404 for an unknown record", async () => {
    const res = await call('get', 'Contacts').query({ page: 1 }).expect(200);
    expect(res.body).toMatchObject({
      Id: expect.any(String),
      Status: 'OK',
      ProviderName: expect.any(String),
      DateTimeUTC: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
      pagination: expect.objectContaining({ page: 1, pageSize: 100 }),
    });
    await call('get', 'Contacts/2f0c8f5e-1b0a-4f63-9a57-5a0000000000').expect(404);
  });
});
