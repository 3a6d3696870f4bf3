import { Injectable } from '@nestjs/common';
import { AccountingApi, Address, Contact, Contacts, Phone } from 'xero-node';
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
import { XeroPacer } from './xero-pacer';
import {
  XeroAccess,
  XeroContact,
  XeroContactInput,
  XeroContactQuery,
  XeroContactStatus,
  XeroElementStatus,
  XeroLedgerAccount,
  XeroPage,
  XeroWriteResult,
  XeroOrganisation,
  XeroRateLimitSnapshot,
  XeroTaxRate,
} from './xero.types';

type Headers = Record<string, string | undefined>;
type Params = Record<string, unknown>;
interface SdkRejection {
  response?: { statusCode?: number; status?: number; headers?: Headers; body?: unknown };
  body?: unknown;
}

/**
 * xero-node joins list parameters (IDs, Statuses, ...) with commas and axios then sends them as `%2C`;
 * Xero documents literal commas and has refused encoded ones ("cannot be parsed", xero-node issue 502).
 */
function serializeParams(params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    query.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return query.toString().replace(/%2C/gi, ',');
}

/** A contact page as Xero allows: at most 1,000 to a page. */
const MAX_PAGE_SIZE = 1000;

/**
 * xero-node's generated AccountingApi, one instance per call (it holds a token), with a timeout, our types
 * out and our errors thrown. Every call goes through the organisation's pacer; rate-limit headers of every
 * answer are kept per organisation.
 */
@Injectable()
export class XeroNodeAccountingGateway extends XeroAccountingGateway {
  private readonly basePath: string;
  private readonly limits = new Map<string, XeroRateLimitSnapshot>();

  constructor(
    config: AppConfig,
    private readonly pacer: XeroPacer = new XeroPacer(),
  ) {
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

  async listContacts(access: XeroAccess, query: XeroContactQuery): Promise<XeroPage<XeroContact>> {
    // Always paged: Xero reports MergedToContactID only on paged lists.
    const page = query.page ?? 1;
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, query.pageSize ?? 100));
    // xero-node v20's positional parameters: tenant, If-Modified-Since, where, order, IDs, page,
    // includeArchived, summaryOnly, searchTerm, pageSize.
    const { body } = await this.call(access, (api) =>
      api.getContacts(
        access.tenantId,
        query.modifiedSince,
        query.where,
        undefined,
        query.ids?.length ? query.ids : undefined,
        page,
        query.includeArchived,
        undefined,
        undefined,
        pageSize,
      ),
    );
    return {
      items: (body.contacts ?? []).map((c) => toContact(c)),
      page: body.pagination?.page ?? page,
      pageSize: body.pagination?.pageSize ?? pageSize,
      pageCount: body.pagination?.pageCount,
      itemCount: body.pagination?.itemCount,
    };
  }

  async createContacts(
    access: XeroAccess,
    contacts: XeroContactInput[],
    idempotencyKey: string,
  ): Promise<XeroWriteResult<XeroContact>[]> {
    if (contacts.length === 0) return [];
    const payload: Contacts = { contacts: contacts.map(toSdkContact) };
    // tenant, contacts, summarizeErrors, Idempotency-Key
    const result = await this.call(access, (api) =>
      api.createContacts(access.tenantId, payload, false, idempotencyKey),
    );
    return writeResults(contacts.length, result.body.contacts, rawElements(result.response, 'Contacts'));
  }

  async updateContacts(
    access: XeroAccess,
    contacts: XeroContactInput[],
    idempotencyKey: string,
  ): Promise<XeroWriteResult<XeroContact>[]> {
    if (contacts.length === 0) return [];
    // POST creates an element without an id: an update must never become a second contact.
    if (contacts.some((c) => !c.contactId))
      throw new Error('updateContacts needs the contactId of every contact');
    const payload: Contacts = { contacts: contacts.map(toSdkContact) };
    const result = await this.call(access, (api) =>
      api.updateOrCreateContacts(access.tenantId, payload, false, idempotencyKey),
    );
    return writeResults(contacts.length, result.body.contacts, rawElements(result.response, 'Contacts'));
  }

  rateLimits(tenantId: string): XeroRateLimitSnapshot | undefined {
    return this.limits.get(tenantId);
  }

  /** One request, when the organisation's pacer lets it leave; a throttled one is sent again by the pacer. */
  private call<T extends { response: { headers: unknown } }>(
    access: XeroAccess,
    request: (api: AccountingApi) => Promise<T>,
  ): Promise<T> {
    return this.pacer.run(access.tenantId, async () => {
      if (access.meter) access.meter.calls++;
      const api = new AccountingApi(this.basePath);
      api.accessToken = access.accessToken;
      // The generated client has no timeout of its own; every request passes through this hook.
      api.setDefaultAuthentication({
        applyToRequest: (options: { timeout?: number; paramsSerializer?: unknown }) => {
          options.timeout = XERO_TIMEOUT_MS;
          options.paramsSerializer = { serialize: serializeParams };
        },
      });
      try {
        const result = await request(api);
        this.record(access.tenantId, result.response.headers as Headers);
        return result;
      } catch (rejection) {
        throw this.translate(access.tenantId, rejection);
      }
    });
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
    const minuteRemaining = number('x-minlimit-remaining');
    if (minuteRemaining !== undefined) this.pacer.observe(tenantId, minuteRemaining);
    this.limits.set(tenantId, {
      minuteRemaining,
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

const ELEMENT_STATUSES: XeroElementStatus[] = ['OK', 'WARNING', 'ERROR'];
const CONTACT_STATUSES: XeroContactStatus[] = ['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'];

function toSdkContact(input: XeroContactInput): Contact {
  const { address, phone } = input;
  return {
    contactID: input.contactId,
    contactNumber: input.contactNumber,
    name: input.name,
    firstName: input.firstName,
    lastName: input.lastName,
    emailAddress: input.email,
    ...(address
      ? {
          addresses: [
            {
              addressType: Address.AddressTypeEnum.STREET,
              addressLine1: address.line1,
              city: address.city,
              region: address.region,
              postalCode: address.postalCode,
              country: address.country,
            },
          ],
        }
      : {}),
    ...(phone ? { phones: [{ phoneType: Phone.PhoneTypeEnum.MOBILE, phoneNumber: phone }] } : {}),
  };
}

function toContact(c: Contact): XeroContact {
  const status = String(c.contactStatus ?? 'ACTIVE') as XeroContactStatus;
  return {
    contactId: c.contactID ?? '',
    contactNumber: c.contactNumber || undefined,
    name: c.name ?? '',
    firstName: c.firstName || undefined,
    lastName: c.lastName || undefined,
    email: c.emailAddress || undefined,
    status: CONTACT_STATUSES.includes(status) ? status : 'ACTIVE',
    mergedToContactId: c.mergedToContactID || undefined,
    updatedAt: c.updatedDateUTC instanceof Date ? c.updatedDateUTC : undefined,
  };
}

type RawElement = { Warnings?: { Message?: string }[] } | undefined;

/** xero-node's Contact model drops each element's Warnings; the raw answer still has them. */
function rawElements(response: unknown, collection: string): RawElement[] {
  const data = (response as { data?: Record<string, unknown> } | undefined)?.data;
  const list = data?.[collection];
  return Array.isArray(list) ? (list as RawElement[]) : [];
}

/** summarizeErrors=false answers one element per element sent, in order: refused ones carry no id. */
function writeResults(
  sent: number,
  elements: Contact[] | undefined,
  raw: RawElement[],
): XeroWriteResult<XeroContact>[] {
  const answered = elements ?? [];
  if (answered.length !== sent) {
    throw new XeroUnavailableError(`Xero answered ${answered.length} results for ${sent} contacts`);
  }
  return answered.map((element, index) => {
    const attribute = String(element.statusAttributeString ?? '').toUpperCase() as XeroElementStatus;
    const errors = (element.validationErrors ?? []).map((e) => e.message ?? 'Invalid');
    const status = ELEMENT_STATUSES.includes(attribute) ? attribute : errors.length ? 'ERROR' : 'OK';
    return {
      index,
      status,
      errors,
      warnings: (raw[index]?.Warnings ?? []).map((w) => w.Message ?? ''),
      record: status === 'ERROR' || !element.contactID ? undefined : toContact(element),
    };
  });
}
