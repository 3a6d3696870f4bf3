import { Injectable } from '@nestjs/common';
import { ApiResult } from './sandbox-batch';
import { nextTimestamp } from './sandbox-clock';
import { envelope, msDate, msDateOnly, whereFilter } from './sandbox-json';
import { SandboxAccount, SandboxOrganisation } from './sandbox.model';
import { ElementInvalid, MESSAGES } from './sandbox.messages';
import { notFound } from './sandbox.errors';
import { TAX_RATES } from './sandbox.seed';
import { SandboxStore } from './sandbox.store';

/** Organisation, chart of accounts, tax rates and lock dates. */
@Injectable()
export class SandboxSettingsService {
  constructor(private readonly store: SandboxStore) {}

  organisation(tenantId: string): SandboxOrganisation {
    const org = this.store.get<SandboxOrganisation>('organisation', tenantId);
    if (!org) throw notFound();
    return org;
  }

  organisations(): SandboxOrganisation[] {
    return this.store.list<SandboxOrganisation>('organisation').sort((a, b) => a.Name.localeCompare(b.Name));
  }

  organisationJson(tenantId: string): ApiResult {
    const org = this.organisation(tenantId);
    return {
      status: 200,
      body: envelope('Organisations', [
        {
          OrganisationID: org.id,
          Name: org.Name,
          LegalName: org.Name,
          PaysTax: true,
          Version: 'AU',
          OrganisationType: 'COMPANY',
          BaseCurrency: 'AUD',
          CountryCode: 'AU',
          IsDemoCompany: false,
          OrganisationStatus: 'ACTIVE',
          FinancialYearEndDay: 30,
          FinancialYearEndMonth: 6,
          SalesTaxBasis: 'ACCRUALS',
          SalesTaxPeriod: 'QUARTERLY1',
          DefaultSalesTax: 'Tax Exclusive',
          DefaultPurchasesTax: 'Tax Inclusive',
          ...(org.PeriodLockDate ? { PeriodLockDate: msDateOnly(org.PeriodLockDate) } : {}),
          ...(org.EndOfYearLockDate ? { EndOfYearLockDate: msDateOnly(org.EndOfYearLockDate) } : {}),
          CreatedDateUTC: msDate(org.CreatedDateUTC),
          OrganisationEntityType: 'COMPANY',
          Timezone: 'AUSEASTERNSTANDARDTIME',
          ShortCode: org.ShortCode,
          Edition: 'BUSINESS',
          Class: 'STANDARD',
          Addresses: [],
          Phones: [],
          ExternalLinks: [],
          PaymentTerms: {},
        },
      ]),
    };
  }

  async setLockDates(tenantId: string, periodLockDate?: string, endOfYearLockDate?: string): Promise<void> {
    const org = this.organisation(tenantId);
    await this.store.save('organisation', [
      {
        ...org,
        PeriodLockDate: periodLockDate || undefined,
        EndOfYearLockDate: endOfYearLockDate || undefined,
      },
    ]);
  }

  /** The lock-date refusal for a document dated `date`, if any. */
  lockDateError(tenantId: string, date: string): string | undefined {
    const org = this.organisation(tenantId);
    if (org.EndOfYearLockDate && date <= org.EndOfYearLockDate)
      return MESSAGES.yearLocked(org.EndOfYearLockDate);
    if (org.PeriodLockDate && date <= org.PeriodLockDate) return MESSAGES.periodLocked(org.PeriodLockDate);
    return undefined;
  }

  accounts(tenantId: string): SandboxAccount[] {
    return this.store.list<SandboxAccount>('account', tenantId).sort((a, b) => a.Code.localeCompare(b.Code));
  }

  account(tenantId: string, codeOrId: string | undefined): SandboxAccount | undefined {
    if (!codeOrId) return undefined;
    const key = codeOrId.toLowerCase();
    return this.accounts(tenantId).find((a) => a.Code.toLowerCase() === key || a.id === key);
  }

  accountJson(account: SandboxAccount): Record<string, unknown> {
    return {
      AccountID: account.id,
      Code: account.Code,
      Name: account.Name,
      Status: account.Status,
      Type: account.Type,
      TaxType: account.TaxType,
      Class: account.Class,
      EnablePaymentsToAccount: account.Type === 'BANK',
      ShowInExpenseClaims: false,
      BankAccountNumber: account.BankAccountNumber,
      ...(account.Type === 'BANK' ? { BankAccountType: 'BANK', CurrencyCode: 'AUD' } : {}),
      ...(account.SystemAccount ? { SystemAccount: account.SystemAccount } : {}),
      ReportingCode: account.Class === 'REVENUE' ? 'REV' : account.Class === 'EXPENSE' ? 'EXP' : 'ASS',
      HasAttachments: false,
      UpdatedDateUTC: msDate(account.UpdatedDateUTC),
      AddToWatchlist: false,
    };
  }

  accountsJson(tenantId: string, where?: string, since?: number): ApiResult {
    const filter = whereFilter(where);
    const accounts = this.accounts(tenantId)
      .filter((a) => since === undefined || a.UpdatedDateUTC >= since)
      .map((a) => this.accountJson(a))
      .filter(filter);
    return { status: 200, body: envelope('Accounts', accounts) };
  }

  taxRatesJson(where?: string): ApiResult {
    const filter = whereFilter(where);
    const rates = TAX_RATES.map((rate) => ({
      Name: rate.Name,
      TaxType: rate.TaxType,
      ReportTaxType: rate.ReportTaxType,
      TaxComponents: [{ Name: 'GST', Rate: rate.rate, IsCompound: false, IsNonRecoverable: false }],
      Status: 'ACTIVE',
      CanApplyToAssets: !rate.revenue,
      CanApplyToEquity: false,
      CanApplyToExpenses: !rate.revenue,
      CanApplyToLiabilities: false,
      CanApplyToRevenue: rate.revenue,
      DisplayTaxRate: rate.rate,
      EffectiveRate: rate.rate,
    })).filter(filter);
    return { status: 200, body: envelope('TaxRates', rates) };
  }

  /** Checks a document line's account and tax type; returns the account and the tax rate in percent. */
  documentLine(
    tenantId: string,
    code: string | undefined,
    taxType: string | undefined,
    sales: boolean,
  ): { account: SandboxAccount; taxType: string; rate: number } {
    if (!code) throw new ElementInvalid([MESSAGES.accountCodeRequired()]);
    const account = this.account(tenantId, code);
    // Bank and system accounts cannot carry sales lines.
    if (!account || account.Type === 'BANK' || account.SystemAccount) {
      throw new ElementInvalid([MESSAGES.accountCodeInvalid(code)]);
    }
    if (account.Status !== 'ACTIVE') throw new ElementInvalid([MESSAGES.accountCodeArchived(code)]);
    const type = taxType ?? account.TaxType;
    const rate = TAX_RATES.find((r) => r.TaxType === type);
    if (!rate || rate.revenue !== sales) throw new ElementInvalid([MESSAGES.taxTypeInvalid(type)]);
    return { account, taxType: type, rate: rate.rate };
  }

  touchAccount(account: SandboxAccount): SandboxAccount {
    return { ...account, UpdatedDateUTC: nextTimestamp() };
  }
}
