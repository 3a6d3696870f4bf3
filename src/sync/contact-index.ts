import type { XeroContact } from '../xero';
import { nameKey } from './contact.mapper';

/**
 * What the run knows of the organisation's contacts: all of them after a full read (a first sync), or those
 * looked up for the batches so far. Kept current with every contact Xero returns from our writes.
 */
export class ContactIndex {
  /** Every contact of the organisation is in the index. */
  complete = false;
  private readonly byId = new Map<string, XeroContact>();
  private readonly byNumber = new Map<string, XeroContact>();
  private readonly activeByName = new Map<string, Map<string, XeroContact>>();

  add(contact: XeroContact): void {
    const previous = this.byId.get(contact.contactId);
    if (previous) this.activeByName.get(nameKey(previous.name))?.delete(previous.contactId);
    this.byId.set(contact.contactId, contact);
    if (contact.contactNumber) this.byNumber.set(contact.contactNumber.toLowerCase(), contact);
    if (contact.status === 'ACTIVE') {
      const key = nameKey(contact.name);
      const named = this.activeByName.get(key) ?? new Map<string, XeroContact>();
      named.set(contact.contactId, contact);
      this.activeByName.set(key, named);
    }
  }

  get(contactId: string): XeroContact | undefined {
    return this.byId.get(contactId);
  }

  /** The contact holding this ContactNumber, archived ones included (Xero keeps their numbers taken). */
  withNumber(contactNumber: string): XeroContact | undefined {
    return this.byNumber.get(contactNumber.toLowerCase());
  }

  /** Active contacts with this name, but `except`. */
  namesakes(name: string, except?: string): XeroContact[] {
    return [...(this.activeByName.get(nameKey(name))?.values() ?? [])].filter((c) => c.contactId !== except);
  }
}
