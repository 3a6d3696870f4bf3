import { SandboxAccount, SandboxOrganisation, SandboxUser, stableUuid } from './sandbox.model';

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

/** The organisations and their charts of accounts, as fresh documents (seeded only when missing). */
export function seedDocuments(now: number): {
  organisations: SandboxOrganisation[];
  accounts: SandboxAccount[];
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
  return { organisations, accounts };
}
