import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiResult, elementsOf, runBatch } from './sandbox-batch';
import { nextTimestamp } from './sandbox-clock';
import { SandboxCounters } from './sandbox-counters';
import { envelope, msDate, paginate, queryList, whereFilter } from './sandbox-json';
import { SandboxContact } from './sandbox.model';
import { ElementInvalid, MESSAGES } from './sandbox.messages';
import { badRequest, notFound } from './sandbox.errors';
import { SandboxStore } from './sandbox.store';

export interface ContactQuery {
  page?: string;
  pageSize?: string;
  /** Comma-separated, as Xero reads it; `IDs[]=…` or a repeated IDs is refused, as at Xero. */
  IDs?: string | string[];
  'IDs[]'?: unknown;
  where?: string;
  includeArchived?: string;
  order?: string;
  searchTerm?: string;
}

type Element = Record<string, unknown>;

/** Lookups for one batch: built once, kept current as its elements apply (no scan per element). */
interface ContactIndex {
  activeByName: Map<string, Set<string>>;
  byNumber: Map<string, string>;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Contacts: Xero's rules on names, numbers, archiving and merging. */
@Injectable()
export class SandboxContactsService {
  constructor(
    private readonly store: SandboxStore,
    private readonly counters: SandboxCounters,
  ) {}

  toJson(contact: SandboxContact): Element {
    return {
      ContactID: contact.id,
      ...(contact.MergedToContactID ? { MergedToContactID: contact.MergedToContactID } : {}),
      ...(contact.ContactNumber ? { ContactNumber: contact.ContactNumber } : {}),
      ContactStatus: contact.ContactStatus,
      Name: contact.Name,
      ...(contact.FirstName ? { FirstName: contact.FirstName } : {}),
      ...(contact.LastName ? { LastName: contact.LastName } : {}),
      ...(contact.EmailAddress ? { EmailAddress: contact.EmailAddress } : {}),
      Addresses: contact.Addresses ?? [],
      Phones: contact.Phones ?? [],
      UpdatedDateUTC: msDate(contact.UpdatedDateUTC),
      ContactGroups: [],
      IsSupplier: false,
      IsCustomer: contact.IsCustomer,
      ContactPersons: [],
      HasAttachments: false,
      HasValidationErrors: false,
    };
  }

  list(tenantId: string, query: ContactQuery, since?: number): ApiResult {
    if (Array.isArray(query.IDs) || query['IDs[]'] !== undefined)
      throw badRequest("Supplied parameter 'IDs' cannot be parsed.");
    const ids = queryList(query.IDs);
    const filter = whereFilter(query.where);
    const includeArchived = query.includeArchived === 'true' || !!ids;
    const term = query.searchTerm?.toLowerCase();
    const contacts = this.all(tenantId)
      .filter((c) => includeArchived || c.ContactStatus === 'ACTIVE')
      .filter((c) => !ids || ids.includes(c.id))
      .filter((c) => since === undefined || c.UpdatedDateUTC >= since)
      .map((c) => this.toJson(c))
      .filter(filter)
      .filter(
        (c) =>
          !term ||
          [c.Name, c.FirstName, c.LastName, c.EmailAddress, c.ContactNumber].some((v) =>
            String(v ?? '')
              .toLowerCase()
              .includes(term),
          ),
      )
      .sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
    const { items, pagination } = paginate(contacts, query.page, query.pageSize);
    return { status: 200, body: envelope('Contacts', items, pagination) };
  }

  /** GET /Contacts/{ContactID} or /Contacts/{ContactNumber}. */
  get(tenantId: string, idOrNumber: string): ApiResult {
    const key = idOrNumber.toLowerCase();
    const contact =
      this.find(tenantId, idOrNumber) ??
      this.all(tenantId).find((c) => c.ContactNumber?.toLowerCase() === key);
    if (!contact) throw notFound();
    return { status: 200, body: envelope('Contacts', [this.toJson(contact)]) };
  }

  find(tenantId: string, id: string | undefined): SandboxContact | undefined {
    if (!id) return undefined;
    const contact = this.store.get<SandboxContact>('contact', id.toLowerCase());
    return contact?.tenantId === tenantId ? contact : undefined;
  }

  all(tenantId: string): SandboxContact[] {
    return this.store.list<SandboxContact>('contact', tenantId);
  }

  /** PUT creates (or updates an element that names its ContactID); POST also matches on ContactNumber. */
  async write(
    tenantId: string,
    body: unknown,
    summarizeErrors: boolean,
    method: 'PUT' | 'POST',
  ): Promise<ApiResult> {
    const changed = new Map<string, SandboxContact>();
    const index = this.index(tenantId);
    const result = runBatch('Contacts', elementsOf(body, 'Contacts'), summarizeErrors, (element) => {
      const contact = this.upsert(tenantId, element, method, index);
      changed.set(contact.id, contact);
      return this.toJson(contact);
    });
    await this.save([...changed.values()]);
    return result;
  }

  async save(contacts: SandboxContact[]): Promise<void> {
    this.counters.writes += contacts.length;
    await this.store.save('contact', contacts);
  }

  /** Archives `from` into `into`, as Xero's merge does: documents move, the old contact points to the new. */
  merge(tenantId: string, fromId: string, intoId: string): SandboxContact[] {
    const from = this.find(tenantId, fromId);
    const into = this.find(tenantId, intoId);
    if (!from || !into || from.id === into.id) throw notFound();
    const now = nextTimestamp();
    const merged: SandboxContact = {
      ...from,
      ContactStatus: 'ARCHIVED',
      MergedToContactID: into.id,
      UpdatedDateUTC: now,
    };
    const kept: SandboxContact = { ...into, UpdatedDateUTC: now };
    this.store.stage('contact', merged);
    this.store.stage('contact', kept);
    return [merged, kept];
  }

  private index(tenantId: string): ContactIndex {
    const index: ContactIndex = { activeByName: new Map(), byNumber: new Map() };
    for (const contact of this.all(tenantId)) this.addToIndex(index, contact);
    return index;
  }

  private addToIndex(index: ContactIndex, contact: SandboxContact): void {
    if (contact.ContactStatus === 'ACTIVE') {
      const key = contact.Name.toLowerCase();
      index.activeByName.set(key, (index.activeByName.get(key) ?? new Set()).add(contact.id));
    }
    if (contact.ContactNumber) index.byNumber.set(contact.ContactNumber.toLowerCase(), contact.id);
  }

  private removeFromIndex(index: ContactIndex, contact: SandboxContact): void {
    index.activeByName.get(contact.Name.toLowerCase())?.delete(contact.id);
    if (contact.ContactNumber && index.byNumber.get(contact.ContactNumber.toLowerCase()) === contact.id) {
      index.byNumber.delete(contact.ContactNumber.toLowerCase());
    }
  }

  private upsert(
    tenantId: string,
    element: Element,
    method: 'PUT' | 'POST',
    index: ContactIndex,
  ): SandboxContact {
    const requestedId = str(element.ContactID);
    let existing = requestedId ? this.find(tenantId, requestedId) : undefined;
    if (requestedId && !existing) throw new ElementInvalid([MESSAGES.contactNotFound(requestedId)]);
    const number = str(element.ContactNumber)?.trim();
    if (!existing && method === 'POST' && number) {
      existing = this.find(tenantId, index.byNumber.get(number.toLowerCase()));
    }
    const name = (str(element.Name) ?? existing?.Name ?? '').trim();
    const status = (str(element.ContactStatus) ??
      existing?.ContactStatus ??
      'ACTIVE') as SandboxContact['ContactStatus'];
    const email =
      element.EmailAddress === undefined ? existing?.EmailAddress : str(element.EmailAddress)?.trim();
    const errors: string[] = [];
    if (!name) errors.push(MESSAGES.contactNameRequired());
    const namesakes = [...(index.activeByName.get(name.toLowerCase()) ?? [])].filter(
      (id) => id !== existing?.id,
    );
    if (name && status === 'ACTIVE' && namesakes.length > 0) errors.push(MESSAGES.contactNameTaken(name));
    const finalNumber = number ?? existing?.ContactNumber;
    // Archived contacts keep their number: it can never be given to another contact.
    const holder = number ? index.byNumber.get(number.toLowerCase()) : undefined;
    if (holder && holder !== existing?.id) errors.push(MESSAGES.contactNumberTaken(number!));
    if (email && !EMAIL.test(email)) errors.push(MESSAGES.emailInvalid());
    if (!['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'].includes(status)) errors.push(MESSAGES.statusInvalid(status));
    if (errors.length) throw new ElementInvalid(errors);

    const contact: SandboxContact = {
      id: existing?.id ?? randomUUID(),
      tenantId,
      Name: name,
      ContactNumber: finalNumber || undefined,
      FirstName: element.FirstName === undefined ? existing?.FirstName : str(element.FirstName),
      LastName: element.LastName === undefined ? existing?.LastName : str(element.LastName),
      EmailAddress: email || undefined,
      ContactStatus: status,
      MergedToContactID: existing?.MergedToContactID,
      Phones: Array.isArray(element.Phones) ? element.Phones : existing?.Phones,
      Addresses: Array.isArray(element.Addresses) ? element.Addresses : existing?.Addresses,
      IsCustomer: existing?.IsCustomer ?? false,
      UpdatedDateUTC: nextTimestamp(),
    };
    if (existing) this.removeFromIndex(index, existing);
    this.addToIndex(index, contact);
    this.store.stage('contact', contact);
    return contact;
  }
}
