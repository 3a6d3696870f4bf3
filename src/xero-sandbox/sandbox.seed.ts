import {
  SandboxAccount,
  SandboxContact,
  SandboxOrganisation,
  SandboxUser,
  stableUuid,
} from './sandbox.model';

export const SANDBOX_PASSWORD = 'sandbox';

export const DEMO_TENANT_ID = stableUuid('tenant:demo-training-co');
export const NORTHWIND_TENANT_ID = stableUuid('tenant:northwind-college');

const ORGANISATIONS = [
  { tenantId: DEMO_TENANT_ID, name: 'Demo Training Co (Xero)', shortCode: '!dmTC1' },
  { tenantId: NORTHWIND_TENANT_ID, name: 'Northwind College Pty Ltd', shortCode: '!nwCP2' },
];

export const SANDBOX_USERS: SandboxUser[] = [
  {
    userId: stableUuid('user:single'),
    email: 'single@sandbox.test',
    givenName: 'Sam',
    familyName: 'Single',
    tenantIds: [DEMO_TENANT_ID],
  },
  {
    userId: stableUuid('user:multi'),
    email: 'multi@sandbox.test',
    givenName: 'Morgan',
    familyName: 'Multi',
    tenantIds: [DEMO_TENANT_ID, NORTHWIND_TENANT_ID],
  },
  {
    userId: stableUuid('user:none'),
    email: 'none@sandbox.test',
    givenName: 'Nell',
    familyName: 'None',
    tenantIds: [],
  },
];

/** Australian GST tax rates, as a new AU organisation has them. */
export const TAX_RATES = [
  { TaxType: 'OUTPUT', Name: 'GST on Income', ReportTaxType: 'OUTPUT', rate: 10, revenue: true },
  { TaxType: 'INPUT', Name: 'GST on Expenses', ReportTaxType: 'INPUT', rate: 10, revenue: false },
  { TaxType: 'EXEMPTOUTPUT', Name: 'GST Free Income', ReportTaxType: 'EXEMPTOUTPUT', rate: 0, revenue: true },
  {
    TaxType: 'EXEMPTEXPENSES',
    Name: 'GST Free Expenses',
    ReportTaxType: 'EXEMPTEXPENSES',
    rate: 0,
    revenue: false,
  },
  { TaxType: 'INPUTTAXED', Name: 'Input Taxed', ReportTaxType: 'INPUTTAXED', rate: 0, revenue: true },
  { TaxType: 'BASEXCLUDED', Name: 'BAS Excluded', ReportTaxType: 'BASEXCLUDED', rate: 0, revenue: true },
  { TaxType: 'EXEMPTEXPORT', Name: 'GST on Exports', ReportTaxType: 'EXEMPTEXPORT', rate: 0, revenue: true },
] as const;

type AccountSeed = Pick<SandboxAccount, 'Code' | 'Name' | 'Type' | 'Status' | 'TaxType' | 'Class'> &
  Partial<Pick<SandboxAccount, 'BankAccountNumber' | 'SystemAccount'>>;

const ACCOUNTS: AccountSeed[] = [
  {
    Code: '090',
    Name: 'Business Bank Account',
    Type: 'BANK',
    Status: 'ACTIVE',
    TaxType: 'BASEXCLUDED',
    Class: 'ASSET',
    BankAccountNumber: '062-000 1234 5678',
  },
  { Code: '200', Name: 'Sales', Type: 'REVENUE', Status: 'ACTIVE', TaxType: 'OUTPUT', Class: 'REVENUE' },
  {
    Code: '250',
    Name: 'Course Fees (old)',
    Type: 'REVENUE',
    Status: 'ARCHIVED',
    TaxType: 'OUTPUT',
    Class: 'REVENUE',
  },
  {
    Code: '260',
    Name: 'Other Revenue',
    Type: 'REVENUE',
    Status: 'ACTIVE',
    TaxType: 'OUTPUT',
    Class: 'REVENUE',
  },
  {
    Code: '270',
    Name: 'Interest Income',
    Type: 'REVENUE',
    Status: 'ACTIVE',
    TaxType: 'EXEMPTOUTPUT',
    Class: 'REVENUE',
  },
  { Code: '400', Name: 'Advertising', Type: 'EXPENSE', Status: 'ACTIVE', TaxType: 'INPUT', Class: 'EXPENSE' },
  {
    Code: '610',
    Name: 'Accounts Receivable',
    Type: 'CURRENT',
    Status: 'ACTIVE',
    TaxType: 'BASEXCLUDED',
    Class: 'ASSET',
    SystemAccount: 'DEBTORS',
  },
  {
    Code: '820',
    Name: 'GST',
    Type: 'CURRLIAB',
    Status: 'ACTIVE',
    TaxType: 'BASEXCLUDED',
    Class: 'LIABILITY',
    SystemAccount: 'GST',
  },
];

/**
 * Contacts the demo organisation already has, as a bookkeeper would have typed them in before the LRM was
 * connected. Each overlaps one of the LRM's demo learners (src/finance/demo-records.seeder.ts, all four with
 * syncToXero on) in one of the ways the contact sync must handle without creating a duplicate.
 */
export const DEMO_OVERLAPPING_CONTACTS = {
  /** Carries learner STU-000002 Oliver Walker's student number under another spelling of the name. */
  sameNumber: {
    contactId: stableUuid('contact:demo:same-number'),
    learner: { studentNumber: 'STU-000002', name: 'Oliver Walker' },
    ContactNumber: 'STU-000002',
    Name: 'Ollie Walker',
    FirstName: 'Ollie',
    LastName: 'Walker',
    EmailAddress: 'oliver.walker1@example.com.au',
    ContactStatus: 'ACTIVE',
  },
  /** Archived in Xero, still holding learner STU-000004 Lucas Brown's number (Xero never frees it). */
  archivedSameNumber: {
    contactId: stableUuid('contact:demo:archived-same-number'),
    learner: { studentNumber: 'STU-000004', name: 'Lucas Brown' },
    ContactNumber: 'STU-000004',
    Name: 'Lucas Brown',
    FirstName: 'Lucas',
    LastName: 'Brown',
    EmailAddress: 'lucas.brown3@example.com.au',
    ContactStatus: 'ARCHIVED',
  },
  /** No number, but the same name and email as learner STU-000006 Arjun Patel: the same person. */
  sameNameAndEmail: {
    contactId: stableUuid('contact:demo:same-name-and-email'),
    learner: { studentNumber: 'STU-000006', name: 'Arjun Patel' },
    ContactNumber: undefined,
    Name: 'Arjun Patel',
    FirstName: 'Arjun',
    LastName: 'Patel',
    EmailAddress: 'arjun.patel5@example.com.au',
    ContactStatus: 'ACTIVE',
  },
  /** The same name as learner STU-000008 Thomas Lee with another email: maybe someone else, never linked. */
  sameNameOtherEmail: {
    contactId: stableUuid('contact:demo:same-name-other-email'),
    learner: { studentNumber: 'STU-000008', name: 'Thomas Lee' },
    ContactNumber: undefined,
    Name: 'Thomas Lee',
    FirstName: 'Thomas',
    LastName: 'Lee',
    EmailAddress: 'tom.lee@example.net',
    ContactStatus: 'ACTIVE',
  },
} as const;

/** The organisations, their charts of accounts and the demo contacts, as fresh documents (seeded only when missing). */
export function seedDocuments(now: number): {
  organisations: SandboxOrganisation[];
  accounts: SandboxAccount[];
  contacts: SandboxContact[];
} {
  const organisations = ORGANISATIONS.map((org) => ({
    id: org.tenantId,
    tenantId: org.tenantId,
    Name: org.name,
    ShortCode: org.shortCode,
    CreatedDateUTC: now,
  }));
  const accounts = ORGANISATIONS.flatMap((org) =>
    ACCOUNTS.map((account) => ({
      ...account,
      id: stableUuid(`account:${org.tenantId}:${account.Code}`),
      tenantId: org.tenantId,
      UpdatedDateUTC: now,
    })),
  );
  const contacts = Object.values(DEMO_OVERLAPPING_CONTACTS).map(
    ({ contactId, learner: _learner, ContactNumber, ...fields }): SandboxContact => ({
      ...fields,
      ...(ContactNumber ? { ContactNumber } : {}),
      id: contactId,
      tenantId: DEMO_TENANT_ID,
      IsCustomer: false,
      UpdatedDateUTC: now,
    }),
  );
  return { organisations, accounts, contacts };
}
