import { Injectable } from '@nestjs/common';
import { AccountingApi } from 'xero-node';
import { AppConfig } from '../config';
import { XeroAccountingGateway } from './xero-accounting.gateway';
import {
  XeroAuthError,
  XeroError,
  XeroForbiddenError,
  XeroRateLimitError,
  XeroRequestError,
  XeroUnavailableError,
  XeroValidationError,
} from './xero.errors';
import { XERO_TIMEOUT_MS } from './openid-xero-identity.gateway';
import {
  XeroAccess,
  XeroContact,
  XeroLedgerAccount,
  XeroPage,
  XeroWriteResult,
  XeroOrganisation,
  XeroRateLimitSnapshot,
  XeroTaxRate,
} from './xero.types';

type Headers = Record<string, string | undefined>;
interface SdkRejection {
  response?: { statusCode?: number; status?: number; headers?: Headers; body?: unknown };
  body?: unknown;
}

/**
 * xero-node's generated AccountingApi, one instance per call (it holds a token), with a timeout, our types
 * out and our errors thrown. Rate-limit headers of every answer are kept per organisation.
 */
@Injectable()
export class XeroNodeAccountingGateway extends XeroAccountingGateway {
  private readonly basePath: string;
  private readonly limits = new Map<string, XeroRateLimitSnapshot>();

  constructor(config: AppConfig) {
    super();
    this.basePath = `${config.xero.apiUrl}/api.xro/2.0`;
  }

  async getOrganisation(access: XeroAccess): Promise<XeroOrganisation> {
    const { body } = await this.call(access, (api) => api.getOrganisations(access.tenantId));
    const org = body.organisations?.[0];
    if (!org) throw new XeroRequestError('Xero returned no organisation for this tenant');
    return {
      name: org.name ?? '',
      legalName: org.legalName,
      shortCode: org.shortCode,
      baseCurrency: org.baseCurrency ? String(org.baseCurrency) : undefined,
      countryCode: org.countryCode ? String(org.countryCode) : undefined,
      timezone: org.timezone ? String(org.timezone) : undefined,
      periodLockDate: dateOnly(org.periodLockDate),
      endOfYearLockDate: dateOnly(org.endOfYearLockDate),
    };
  }

  async getAccounts(access: XeroAccess): Promise<XeroLedgerAccount[]> {
    const { body } = await this.call(access, (api) => api.getAccounts(access.tenantId));
    return (body.accounts ?? []).map((a) => ({
      accountId: a.accountID,
      code: a.code,
      name: a.name ?? '',
      type: a.type ? String(a.type) : undefined,
      status: a.status ? String(a.status) : undefined,
      class: a._class ? String(a._class) : undefined,
    }));
  }

  async getTaxRates(access: XeroAccess): Promise<XeroTaxRate[]> {
    const { body } = await this.call(access, (api) => api.getTaxRates(access.tenantId));
    return (body.taxRates ?? []).map((t) => ({
      name: t.name ?? '',
      taxType: t.taxType ?? '',
      status: t.status ? String(t.status) : undefined,
      effectiveRate: t.effectiveRate,
    }));
  }

  listContacts(): Promise<XeroPage<XeroContact>> {
    throw new Error('listContacts is not written yet');
  }

  createContacts(): Promise<XeroWriteResult<XeroContact>[]> {
    throw new Error('createContacts is not written yet');
  }

  updateContacts(): Promise<XeroWriteResult<XeroContact>[]> {
    throw new Error('updateContacts is not written yet');
  }

  rateLimits(tenantId: string): XeroRateLimitSnapshot | undefined {
    return this.limits.get(tenantId);
  }

  private async call<T extends { response: { headers: unknown } }>(
    access: XeroAccess,
    request: (api: AccountingApi) => Promise<T>,
  ): Promise<T> {
    const api = new AccountingApi(this.basePath);
    api.accessToken = access.accessToken;
    // The generated client has no timeout of its own; every request passes through this hook.
    api.setDefaultAuthentication({
      applyToRequest: (options: { timeout?: number }) => {
        options.timeout = XERO_TIMEOUT_MS;
      },
    });
    try {
      const result = await request(api);
      this.record(access.tenantId, result.response.headers as Headers);
      return result;
    } catch (rejection) {
      throw this.translate(access.tenantId, rejection);
    }
  }

  /** xero-node rejects with a JSON string for transport errors, and with {response, body} for HTTP ones. */
  private translate(tenantId: string, rejection: unknown): XeroError {
    let parsed: SdkRejection;
    try {
      parsed =
        typeof rejection === 'string' ? (JSON.parse(rejection) as SdkRejection) : (rejection as SdkRejection);
    } catch {
      return new XeroUnavailableError('Xero could not be reached');
    }
    const status = parsed?.response?.statusCode ?? parsed?.response?.status ?? 0;
    const headers = parsed?.response?.headers ?? {};
    if (status) this.record(tenantId, headers);
    if (status === 0)
      return new XeroUnavailableError('Xero could not be reached (timeout or connection reset)');
    if (status === 401) return new XeroAuthError('Xero refused the access token (401)', status);
    if (status === 403)
      return new XeroForbiddenError('Xero refused access to this organisation (403)', status);
    if (status === 429) {
      return new XeroRateLimitError(
        Number(headers['retry-after'] ?? 60),
        headers['x-rate-limit-problem'] ?? 'minute',
      );
    }
    if (status >= 500) return new XeroUnavailableError(`Xero answered ${status}`, status);
    if (status === 400)
      return new XeroValidationError(validationMessages(parsed.response?.body ?? parsed.body));
    return new XeroRequestError(`Xero answered ${status}`, status);
  }

  private record(tenantId: string, headers: Headers): void {
    const number = (name: string) => (headers[name] === undefined ? undefined : Number(headers[name]));
    if (headers['x-minlimit-remaining'] === undefined && headers['x-daylimit-remaining'] === undefined)
      return;
    this.limits.set(tenantId, {
      minuteRemaining: number('x-minlimit-remaining'),
      dayRemaining: number('x-daylimit-remaining'),
      appMinuteRemaining: number('x-appminlimit-remaining'),
      recordedAt: new Date(),
    });
  }
}

function validationMessages(body: unknown): { index?: number; message: string }[] {
  const b = body as
    | { Elements?: { ValidationErrors?: { Message?: string }[] }[]; Message?: string }
    | undefined;
  const fromElements = (b?.Elements ?? []).flatMap((element, index) =>
    (element.ValidationErrors ?? []).map((e) => ({ index, message: e.Message ?? 'Invalid' })),
  );
  return fromElements.length > 0 ? fromElements : [{ message: b?.Message ?? 'Xero refused the request' }];
}

/** xero-node turns /Date(...)/ values into Date objects; lock dates are date-only, read in UTC. */
function dateOnly(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return undefined;
}
