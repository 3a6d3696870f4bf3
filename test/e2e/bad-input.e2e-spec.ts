import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CHARACTER_NOT_ALLOWED, Role } from '../../src/common';
import { Invoice, InvoiceStatus } from '../../src/finance';
import { Learner } from '../../src/learners';
import { createAccountWithUsers, TEST_PASSWORD, TestAccount } from '../factories/identity.factory';
import { createInvoice, createLearner } from '../factories/records.factory';
import { csrfFrom, signIn, visitor, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { registeredRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

type Form = Record<string, string>;

interface Records {
  learner: Learner;
  invoice: Invoice;
  draft: Invoice;
  trainerId: string;
}

/** One form of the app: where it is, who fills it in, a valid submission and the fields a person types. */
interface FormCase {
  name: string;
  /** The route pattern, as registered (checked against the app's routes below). */
  route: string;
  path(r: Records): string;
  page(r: Records): string;
  as: 'anonymous' | Role;
  valid(r: Records): Form;
  fields: string[];
  dates?: string[];
  /** A field whose typed value the re-rendered form must still show. */
  keeps?: string;
  /** The form answers with a redirect and a message on the next page, not a re-rendered form. */
  flashes?: boolean;
}

const HUGE = 'x'.repeat(1_000_000);
const lineField = (field: string) => `lines[0][${field}]`;
/** The id of the message element next to a field, as the templates name it. */
const errorId = (field: string) => {
  const line = /^lines\[(\d+)\]\[(\w+)\]$/.exec(field);
  return line ? `line-${line[1]}-${line[2]}-error` : `${field}-error`;
};

const learnerForm: Form = {
  studentNumber: 'STU-900001',
  firstName: 'Ada',
  lastName: 'Lovelace',
  preferredName: 'Ada L',
  email: 'ada@example.test',
  phone: '0412 345 678',
  dateOfBirth: '2001-04-23',
  street: '1 Analytical Way',
  suburb: 'Marylebone',
  state: 'NSW',
  postcode: '2000',
  country: 'Australia',
  syncToXero: 'on',
};
const invoiceForm = (learnerId: string): Form => ({
  learner: learnerId,
  issueDate: '2026-11-02',
  dueDate: '2026-11-30',
  reference: 'Term 4',
  status: 'awaiting_payment',
  [lineField('description')]: 'Tuition',
  [lineField('quantity')]: '1',
  [lineField('unitAmount')]: '100.00',
  [lineField('accountCode')]: '200',
  [lineField('taxType')]: '',
});
const INVOICE_FIELDS = ['learner', 'issueDate', 'dueDate', 'reference', 'status'].concat(
  ['description', 'quantity', 'unitAmount', 'accountCode', 'taxType'].map(lineField),
);
const LEARNER_FIELDS = Object.keys(learnerForm).filter((f) => f !== 'syncToXero');

const FORMS: FormCase[] = [
  {
    name: 'sign in',
    route: 'POST /login',
    path: () => '/login',
    page: () => '/login',
    as: 'anonymous',
    valid: () => ({ email: 'trainer@acme.test', password: TEST_PASSWORD }),
    fields: ['email', 'password'],
    keeps: 'email',
  },
  {
    name: 'change password',
    route: 'POST /account/password',
    path: () => '/account/password',
    page: () => '/account/password',
    as: Role.Admin,
    valid: () => ({
      currentPassword: TEST_PASSWORD,
      newPassword: 'another-good-password',
      confirmPassword: 'another-good-password',
    }),
    fields: ['currentPassword', 'newPassword', 'confirmPassword'],
  },
  {
    name: 'add a learner',
    route: 'POST /learners',
    path: () => '/learners',
    page: () => '/learners/new',
    as: Role.Owner,
    valid: () => learnerForm,
    fields: LEARNER_FIELDS,
    dates: ['dateOfBirth'],
    keeps: 'street',
  },
  {
    name: 'edit a learner',
    route: 'POST /learners/:id',
    path: (r) => `/learners/${r.learner.id}`,
    page: (r) => `/learners/${r.learner.id}/edit`,
    as: Role.Owner,
    valid: (r) => ({ ...learnerForm, version: String(r.learner.version) }),
    fields: LEARNER_FIELDS,
    dates: ['dateOfBirth'],
    keeps: 'street',
  },
  {
    name: 'turn syncing on or off for learners',
    route: 'POST /learners/sync-to-xero',
    path: () => '/learners/sync-to-xero',
    page: () => '/learners',
    as: Role.Owner,
    valid: (r) => ({ ids: r.learner.id, syncToXero: 'off' }),
    fields: ['ids', 'syncToXero'],
    flashes: true,
  },
  {
    name: 'create an invoice',
    route: 'POST /invoices',
    path: () => '/invoices',
    page: () => '/invoices/new',
    as: Role.Finance,
    valid: (r) => invoiceForm(r.learner.id),
    fields: INVOICE_FIELDS,
    dates: ['issueDate', 'dueDate'],
    keeps: 'reference',
  },
  {
    name: 'edit a draft invoice',
    route: 'POST /invoices/:id',
    path: (r) => `/invoices/${r.draft.id}`,
    page: (r) => `/invoices/${r.draft.id}/edit`,
    as: Role.Finance,
    valid: (r) => ({ ...invoiceForm(r.learner.id), status: 'draft', version: String(r.draft.version) }),
    fields: INVOICE_FIELDS,
    dates: ['issueDate', 'dueDate'],
    keeps: 'reference',
  },
  {
    name: 'record a payment',
    route: 'POST /invoices/:id/payments',
    path: (r) => `/invoices/${r.invoice.id}/payments`,
    page: (r) => `/invoices/${r.invoice.id}/payments/new`,
    as: Role.Finance,
    valid: (r) => ({
      amount: '10.00',
      date: '2026-11-05',
      reference: 'Bank 42',
      version: String(r.invoice.version),
    }),
    fields: ['amount', 'date', 'reference'],
    dates: ['date'],
    keeps: 'reference',
  },
  {
    name: 'void an invoice',
    route: 'POST /invoices/:id/void',
    path: (r) => `/invoices/${r.invoice.id}/void`,
    page: (r) => `/invoices/${r.invoice.id}/void`,
    as: Role.Finance,
    valid: (r) => ({ confirm: 'yes', version: String(r.invoice.version) }),
    fields: ['confirm'],
    flashes: true,
  },
  {
    name: 'add a user',
    route: 'POST /settings/users',
    path: () => '/settings/users',
    page: () => '/settings/users/new',
    as: Role.Owner,
    valid: () => ({
      name: 'Tia Trainer',
      email: 'tia@acme.test',
      role: Role.Trainer,
      password: 'long-enough-1',
    }),
    fields: ['name', 'email', 'role', 'password'],
    keeps: 'name',
  },
  {
    name: "change a user's role",
    route: 'POST /settings/users/:id/role',
    path: (r) => `/settings/users/${r.trainerId}/role`,
    page: () => '/settings/users',
    as: Role.Owner,
    valid: () => ({ role: Role.Finance }),
    fields: ['role'],
    flashes: true,
  },
  {
    name: 'invoice numbering',
    route: 'POST /settings/invoicing',
    path: () => '/settings/invoicing',
    page: () => '/settings/invoicing',
    as: Role.Owner,
    valid: () => ({ prefix: 'TRM-' }),
    fields: ['prefix'],
    keeps: 'prefix',
  },
];

/**
 * Forms of the app with nothing a person types: buttons, or a choice checked against a list the server
 * keeps. They still meet the body size limit below.
 */
const NO_TYPED_TEXT = new Set([
  'POST /logout',
  'POST /settings/users/:id/activate',
  'POST /settings/users/:id/deactivate',
  'POST /settings/integrations/xero/connect',
  'POST /settings/integrations/xero/choose/:pendingId',
  'POST /settings/integrations/xero/confirm/:pendingId',
  'POST /settings/integrations/xero/disconnect',
  'POST /settings/integrations/xero/sync',
]);

/** Throttling counts attempts, whatever their outcome; everything else must stay as it was. */
async function storedData(t: TestApp) {
  const { sign_in_attempt: _attempts, ...rest } = await databaseDigest(t.app);
  return rest;
}

describe('bad input on every form: never a 500, a message next to the field, nothing stored', () => {
  let t: TestApp;
  let acme: TestAccount;
  let records: Records;
  const visitors = new Map<string, Visitor>();

  beforeAll(async () => {
    t = await startTestApp();
    acme = await createAccountWithUsers(t.app, 'acme');
    const learner = await createLearner(t.app, acme.account);
    const invoice = await createInvoice(t.app, acme.account.id, learner.id);
    const draft = await createInvoice(t.app, acme.account.id, learner.id, undefined, InvoiceStatus.Draft);
    records = { learner, invoice, draft, trainerId: acme.users[Role.Trainer].id };
    for (const role of [Role.Owner, Role.Admin, Role.Finance]) {
      visitors.set(role, await signIn(t.app, `${role}@acme.test`, TEST_PASSWORD));
    }
  });
  afterAll(() => t.close());

  async function submit(form: FormCase, changes: Form) {
    const v = form.as === 'anonymous' ? visitor(t.app) : visitors.get(form.as)!;
    const token = csrfFrom((await v.agent.get(form.page(records))).text);
    return v.agent
      .post(form.path(records))
      .type('form')
      .send({ ...form.valid(records), ...changes, _csrf: token });
  }

  /** The message shown next to the field, or after the redirect for forms that answer with one. */
  async function messageFor(form: FormCase, field: string, res: { status: number; text: string }) {
    expect(res.status).toBeLessThan(500);
    if (form.flashes) {
      expect(res.status).toBe(303);
      const next = await visitors.get(form.as)!.agent.get(form.page(records));
      return /class="flash flash-error" role="alert">([^<]+)</.exec(next.text)?.[1];
    }
    expect(res.status).toBe(400);
    return new RegExp(`id="${errorId(field).replace(/[[\]]/g, '\\$&')}">([^<]+)<`).exec(res.text)?.[1];
  }

  it('lists every form of the app that takes typed text', () => {
    const posts = registeredRoutes(t.app)
      .filter((r) => r.method === 'POST' && !r.path.startsWith('/xero-sandbox/'))
      .map((r) => `POST ${r.path}`);
    const covered = new Set([...FORMS.map((f) => f.route), ...NO_TYPED_TEXT]);
    expect(posts.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !posts.includes(route))).toEqual([]);
  });

  describe.each(FORMS)('$name', (form) => {
    it.each(form.fields)('refuses a NUL byte in %s next to the field and keeps the form', async (field) => {
      const before = await storedData(t);
      const res = await submit(form, { [field]: `${form.valid(records)[field] || 'a'}\u0000b` });
      expect(await messageFor(form, field, res)).toBe(CHARACTER_NOT_ALLOWED);
      if (form.keeps && form.keeps !== field) {
        expect(res.text).toContain(`value="${form.valid(records)[form.keeps]}"`);
      }
      expect(await storedData(t)).toEqual(before);
    });

    it.each(form.fields)('refuses a 1 MB string in %s with a message next to the field', async (field) => {
      const before = await storedData(t);
      const res = await submit(form, { [field]: HUGE });
      expect(await messageFor(form, field, res)).toBeTruthy();
      expect(await storedData(t)).toEqual(before);
    });

    if (form.dates) {
      it.each(form.dates.flatMap((field) => ['0000-01-01', '1899-12-31'].map((date) => [field, date])))(
        'refuses %s %s with a message next to the field',
        async (field, date) => {
          const before = await storedData(t);
          const res = await submit(form, { [field]: date });
          expect(await messageFor(form, field, res)).toBeTruthy();
          expect(res.text).toContain(`value="${date}"`);
          expect(await storedData(t)).toEqual(before);
        },
      );
    }
  });

  it('answers a body over the size limit with a 413 page on every form, the sandbox included', async () => {
    const owner = visitors.get(Role.Owner)!;
    const token = csrfFrom((await owner.agent.get('/learners/new')).text);
    const before = await storedData(t);
    const routes = registeredRoutes(t.app).filter((r) => r.method === 'POST');
    expect(routes.length).toBeGreaterThan(FORMS.length);
    for (const route of routes) {
      const path = route.path.replace(/:[A-Za-z]+/g, records.learner.id);
      const res = await owner.agent
        .post(path)
        .type('form')
        .send({ _csrf: token, note: 'y'.repeat(1_100_000) });
      expect({ path, status: res.status }).toEqual({ path, status: 413 });
      if (!path.startsWith('/xero-sandbox/api/')) expect(res.text).toContain('larger than this site accepts');
    }
    expect(await storedData(t)).toEqual(before);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"firstName": ', 400, 'Bad request'],
    [
      'an unknown charset',
      'application/x-www-form-urlencoded; charset=no-such',
      'firstName=Ada',
      415,
      'nothing was saved',
    ],
  ])('answers %s with a plain 4xx page, not a 500', async (_what, type, body, status, text) => {
    const owner = visitors.get(Role.Owner)!;
    const before = await storedData(t);
    const res = await owner.agent.post('/learners').set('Content-Type', type).send(body);
    expect(res.status).toBe(status);
    expect(res.text).toContain(text);
    expect(await storedData(t)).toEqual(before);
  });

  it('answers a form with too many fields with 413, not a 500', async () => {
    const owner = visitors.get(Role.Owner)!;
    const body = Array.from({ length: 1200 }, (_, i) => `f${i}=1`).join('&');
    const res = await owner.agent.post('/learners').type('form').send(body);
    expect(res.status).toBe(413);
  });

  it.each(['/learners?q=a%00b', '/invoices?q=a%00b', '/learners?q=%01', '/login?next=%2F%00'])(
    'answers the search %s with a message, not a 500',
    async (url) => {
      const res = await visitors.get(Role.Owner)!.agent.get(url);
      expect(res.status).toBe(400);
      expect(res.text).toContain('contains a character that is not allowed');
    },
  );

  it('still finds learners by an ordinary search', async () => {
    const res = await visitors.get(Role.Owner)!.agent.get(`/learners?q=${records.learner.lastName}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(records.learner.lastName);
  });

  it('stores a form whose text has tabs and line breaks, which are not control characters to refuse', async () => {
    const res = await submit(FORMS[2], { street: 'Unit 4\tLevel 2', studentNumber: 'STU-900777' });
    expect(res.status).toBe(303);
    const em = t.app.get(MikroORM).em.fork() as EntityManager;
    expect((await em.findOneOrFail(Learner, { studentNumber: 'STU-900777' })).street).toBe('Unit 4\tLevel 2');
  });

  it("answers the sandbox's online invoice of an unknown id with 404", async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await visitor(t.app).agent.get(`/xero-sandbox/app/invoices/${id}/online`);
      expect(res.status).toBe(404);
    }
  });
});
