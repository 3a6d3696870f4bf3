import type { ContactPushLearner } from '../learners';
import type { XeroContactInput } from '../xero';
import { ContactIndex } from './contact-index';
import {
  disambiguatedName,
  learnerLabel,
  learnerName,
  nameKey,
  sameEmail,
  toContactInput,
} from './contact.mapper';
import { contactArchived, contactLinkedElsewhere, possibleDuplicate } from './contact.messages';
import type { RecordIssue } from './sync-run.recorder';

export interface ContactWork {
  learner: ContactPushLearner;
  hash: string;
  /** The learner's current link, if any. */
  link?: { xeroId: string; xeroName?: string | null };
  /** Send the name with the student number (Xero refused the plain name). */
  disambiguate?: boolean;
  /** Leave the ContactNumber out: Xero keeps it on the contact this one was merged from. */
  omitNumber?: boolean;
}

export type ContactPlan =
  | {
      work: ContactWork;
      op: 'create' | 'update';
      input: XeroContactInput;
      matched: boolean;
      warning?: RecordIssue;
    }
  /** Linked to a contact that cannot be written (archived): the link is kept, the learner fails. */
  | { work: ContactWork; op: 'fail'; issue: RecordIssue; linkTo?: string };

/**
 * Decides, for each learner of a batch, what to send: an update of its linked contact, an update of the
 * contact it matches (ContactNumber, archived ones included; then same name AND same email), or a new contact
 * — with the student number in the name when another contact already has the learner's name.
 * `holders` maps Xero ids to the learner already linked to them.
 */
export function planContacts(
  batch: ContactWork[],
  index: ContactIndex,
  holders: Map<string, string>,
): ContactPlan[] {
  const claimed = new Set<string>();
  const heldByOther = (xeroId: string, learnerId: string) => {
    const holder = holders.get(xeroId);
    return holder !== undefined && holder !== learnerId;
  };
  const issue = (
    work: ContactWork,
    detail: Omit<RecordIssue, 'kind' | 'localId' | 'label'>,
  ): RecordIssue => ({
    kind: 'contact',
    localId: work.learner.id,
    label: learnerLabel(work.learner),
    ...detail,
  });
  /** The plain name unless Xero or this batch already has it for another contact. */
  const chooseName = (work: ContactWork, self?: string) => {
    const plain = learnerName(work.learner);
    const taken = index.namesakes(plain, self).length > 0 || claimed.has(nameKey(plain));
    const keepDisambiguated = work.link?.xeroName === disambiguatedName(work.learner);
    const name = work.disambiguate || taken || keepDisambiguated ? disambiguatedName(work.learner) : plain;
    claimed.add(nameKey(name));
    return name;
  };

  return batch.map((given): ContactPlan => {
    let work = given;
    const { learner } = work;
    const merged = work.link && index.get(work.link.xeroId)?.mergedToContactId;
    // Merged in Xero: the learner follows the contact it was merged into.
    if (merged) work = { ...work, link: { xeroId: merged }, omitNumber: true };
    if (work.link) {
      const current = index.get(work.link.xeroId);
      if (current?.status === 'ARCHIVED') {
        return {
          work,
          op: 'fail',
          issue: issue(work, contactArchived(learnerLabel(learner), current.contactId)),
        };
      }
      const input = toContactInput(learner, chooseName(work, work.link.xeroId), work.link.xeroId);
      if (work.omitNumber) delete input.contactNumber;
      return { work, op: 'update', input, matched: false };
    }
    let byNumber = index.withNumber(learner.studentNumber);
    if (byNumber?.mergedToContactId) byNumber = index.get(byNumber.mergedToContactId) ?? byNumber;
    if (byNumber) {
      if (heldByOther(byNumber.contactId, learner.id)) {
        return {
          work,
          op: 'fail',
          issue: issue(work, contactLinkedElsewhere(learnerLabel(learner), byNumber.contactId)),
        };
      }
      if (byNumber.status === 'ARCHIVED') {
        return {
          work,
          op: 'fail',
          issue: issue(work, contactArchived(learnerLabel(learner), byNumber.contactId)),
          linkTo: byNumber.contactId,
        };
      }
      const input = toContactInput(learner, chooseName(work, byNumber.contactId), byNumber.contactId);
      return { work, op: 'update', input, matched: true };
    }
    const plain = learnerName(learner);
    const namesakes = index.namesakes(plain);
    // A same name alone is never enough: the email must match too, and the contact must not be someone else's.
    const match = namesakes.find(
      (c) => !c.contactNumber && sameEmail(c.email, learner.email) && !heldByOther(c.contactId, learner.id),
    );
    if (match) {
      return {
        work,
        op: 'update',
        input: toContactInput(learner, chooseName(work, match.contactId), match.contactId),
        matched: true,
      };
    }
    const input = toContactInput(learner, chooseName(work));
    const warning =
      namesakes.length > 0 ? issue(work, possibleDuplicate(learnerLabel(learner), plain)) : undefined;
    return { work, op: 'create', input, matched: false, warning };
  });
}
