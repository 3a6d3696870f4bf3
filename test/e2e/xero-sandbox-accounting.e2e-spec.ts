import {
  AccountingApi,
  Address,
  Contact,
  Contacts,
  Invoice,
  Invoices,
  LineAmountTypes,
  Payment,
  Phone,
} from 'xero-node';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSandbox } from '../support/xero-sandbox';

/** xero-node rejects with a JSON string; this gives its status and body. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const parsed = JSON.parse(error as string) as {
      response: { statusCode: number; body: Record<string, unknown> };
    };
    return parsed.response;
  }
  throw new Error('expected the call to fail');
}

describe('Xero sandbox accounting API, driven by xero-node', () => {
  let testApp: TestApp;
  let api: AccountingApi;
  let tenantId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ XERO_SANDBOX_LIMITS: 'false' }, { listen: true });
    const connection = await connectSandbox(testApp, {
      email: 'multi@sandbox.test',
      organisations: ['Demo Training Co (Xero)'],
    });
    expect(Object.keys(connection.tenants)).toEqual(['Demo Training Co (Xero)']);
    tenantId = connection.tenants['Demo Training Co (Xero)'];
    api = new AccountingApi();
    api.basePath = `${testApp.config.xero.apiUrl}/api.xro/2.0`;
    api.accessToken = connection.accessToken;
  });
  afterAll(() => testApp.close());

  const contact = (name: string, number: string): Contact => ({
    name,
    contactNumber: number,
    emailAddress: `${number.toLowerCase()}@learners.example.edu.au`,
    firstName: name.split(' ')[0],
    lastName: name.split(' ')[1],
  });

  const invoice = (
    contactID: string,
    number: string,
    amount: number,
    status = Invoice.StatusEnum.AUTHORISED,
  ): Invoice => ({
    type: Invoice.TypeEnum.ACCREC,
    contact: { contactID },
    invoiceNumber: number,
    date: '2026-11-02',
    dueDate: '2026-11-30',
    status,
    lineAmountTypes: LineAmountTypes.Exclusive,
    lineItems: [
      {
        description: 'Certificate IV enrolment',
        quantity: 1,
        unitAmount: amount,
        accountCode: '200',
        taxType: 'OUTPUT',
      },
    ],
  });

  it('describes the organisation, its chart of accounts and its tax rates', async () => {
    const org = await api.getOrganisations(tenantId);
    expect(org.body.organisations![0]).toMatchObject({
      name: 'Demo Training Co (Xero)',
      baseCurrency: 'AUD',
    });
    const accounts = await api.getAccounts(tenantId);
    const codes = accounts.body.accounts!.map((a) => `${a.code} ${a.name} ${a.status}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '090 Business Bank Account ACTIVE',
        '200 Sales ACTIVE',
        '260 Other Revenue ACTIVE',
      ]),
    );
    expect(accounts.body.accounts!.some((a) => String(a.status) === 'ARCHIVED')).toBe(true);
    const rates = await api.getTaxRates(tenantId);
    expect(rates.body.taxRates!.map((r) => r.taxType)).toEqual(
      expect.arrayContaining(['OUTPUT', 'EXEMPTOUTPUT', 'BASEXCLUDED']),
    );
  });

  it("writes a contact batch where the duplicate name fails alone, with Xero's message", async () => {
    const batch: Contacts = {
      contacts: [
        contact('Ada Lovelace', 'S-001'),
        contact('Alan Turing', 'S-002'),
        contact('Ada Lovelace', 'S-003'),
      ],
    };
    const result = await api.createContacts(tenantId, batch, false, 'contacts-batch-1');
    const [first, second, third] = result.body.contacts!;
    expect(first.statusAttributeString).toBe('OK');
    expect(first.contactID).toBeDefined();
    expect(second.statusAttributeString).toBe('OK');
    expect(third.statusAttributeString).toBe('ERROR');
    expect(third.contactID).toBeUndefined();
    expect(third.validationErrors![0].message).toBe(
      'The contact name Ada Lovelace is already assigned to another contact. The contact name must be unique across all active contacts.',
    );

    const found = await api.getContacts(tenantId, undefined, 'ContactNumber=="S-002"');
    expect(found.body.contacts!.map((c) => c.name)).toEqual(['Alan Turing']);
    const byId = await api.getContact(tenantId, first.contactID!);
    expect(byId.body.contacts![0].emailAddress).toBe('s-001@learners.example.edu.au');
  });

  it('refuses the whole call with a ValidationException when errors are summarised', async () => {
    const response = await failure(
      api.createContacts(tenantId, {
        contacts: [contact('Grace Hopper', 'S-010'), contact('Alan Turing', 'S-011')],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Type: 'ValidationException', ErrorNumber: 10 });
    const elements = response.body.Elements as { Name: string; ValidationErrors: { Message: string }[] }[];
    expect(elements).toHaveLength(1);
    expect(elements[0].Name).toBe('Alan Turing');
  });

  it('raises invoices, takes a payment, and reports the payment through If-Modified-Since', async () => {
    const contacts = await api.getContacts(tenantId, undefined, 'ContactNumber=="S-001"');
    const contactID = contacts.body.contacts![0].contactID!;
    const written = await api.createInvoices(
      tenantId,
      {
        invoices: [
          invoice(contactID, 'LRM-1001', 500),
          invoice(contactID, 'LRM-1002', 100, Invoice.StatusEnum.DRAFT),
        ],
      } as Invoices,
      false,
    );
    const [authorised, draft] = written.body.invoices!;
    expect(authorised).toMatchObject({
      statusAttributeString: 'OK',
      total: 550,
      totalTax: 50,
      amountDue: 550,
    });
    expect(draft.status).toBe(Invoice.StatusEnum.DRAFT);

    const online = await api.getOnlineInvoice(tenantId, authorised.invoiceID!);
    expect(online.body.onlineInvoices![0].onlineInvoiceUrl).toContain(authorised.invoiceID);

    const before = new Date(Date.now() - 1000);
    const payment: Payment = {
      invoice: { invoiceID: authorised.invoiceID },
      account: { code: '090' },
      amount: 550,
      date: '2026-11-20',
      reference: 'Card payment',
    };
    const paid = await api.createPayment(tenantId, payment);
    const paymentID = paid.body.payments![0].paymentID!;
    const afterPayment = await api.getInvoice(tenantId, authorised.invoiceID!);
    expect(afterPayment.body.invoices![0]).toMatchObject({
      status: Invoice.StatusEnum.PAID,
      amountDue: 0,
      amountPaid: 550,
    });

    const changed = await api.getPayments(tenantId, before);
    expect(changed.body.payments!.map((p) => p.paymentID)).toEqual([paymentID]);
    expect(changed.body.payments![0].invoice!.invoiceNumber).toBe('LRM-1001');
    const later = await api.getPayments(tenantId, new Date(Date.now() + 60_000));
    expect(later.body.payments).toEqual([]);

    await api.deletePayment(tenantId, paymentID, { status: 'DELETED' });
    const reverted = await api.getInvoice(tenantId, authorised.invoiceID!);
    expect(reverted.body.invoices![0]).toMatchObject({
      status: Invoice.StatusEnum.AUTHORISED,
      amountDue: 550,
    });

    const byStatus = await api.getInvoices(
      tenantId,
      undefined,
      'Type=="ACCREC"',
      undefined,
      undefined,
      undefined,
      undefined,
      ['DRAFT'],
    );
    expect(byStatus.body.invoices!.map((i) => i.invoiceNumber)).toEqual(['LRM-1002']);
  });

  it('takes a batch of 50 contacts with addresses and phones well above 100 kB', async () => {
    const padding = 'x'.repeat(2000);
    const batch: Contacts = {
      contacts: Array.from({ length: 50 }, (_, i) => ({
        ...contact(`Big Batch ${i}`, `BB-${i}`),
        addresses: [
          { addressType: Address.AddressTypeEnum.POBOX, addressLine1: `PO Box ${i}`, addressLine2: padding },
        ],
        phones: [{ phoneType: Phone.PhoneTypeEnum.MOBILE, phoneNumber: '0400 000 000' }],
      })),
    };
    const result = await api.createContacts(tenantId, batch, false);
    expect(result.body.contacts!.every((c) => c.statusAttributeString === 'OK')).toBe(true);
  });

  it('pages contacts', async () => {
    const many: Contacts = {
      contacts: Array.from({ length: 12 }, (_, i) => contact(`Learner ${100 + i}`, `P-${100 + i}`)),
    };
    await api.createContacts(tenantId, many, false);
    const page2 = await api.getContacts(
      tenantId,
      undefined,
      'Name.StartsWith("Learner")',
      undefined,
      undefined,
      2,
      undefined,
      undefined,
      undefined,
      5,
    );
    expect(page2.body.contacts).toHaveLength(5);
    expect(page2.body.pagination).toEqual({ page: 2, pageSize: 5, pageCount: 3, itemCount: 12 });
  });

  it('answers 403 for an organisation the token is not connected to, and 401 without a valid token', async () => {
    const other = new AccountingApi();
    other.basePath = api.basePath;
    other.accessToken = (
      api as unknown as { authentications: { OAuth2: { accessToken: string } } }
    ).authentications.OAuth2.accessToken;
    const forbidden = await failure(other.getContacts('00000000-0000-4000-8000-000000000000'));
    expect(forbidden.statusCode).toBe(403);
    other.accessToken = 'not-a-token';
    const unauthorised = await failure(other.getContacts(tenantId));
    expect(unauthorised.statusCode).toBe(401);
  });
});
