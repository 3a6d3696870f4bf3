import type { RecordIssue } from './sync-run.recorder';

/** The contacts stream's failures and warnings, in the words the owner reads on the run page. */
type Issue = Omit<RecordIssue, 'kind' | 'localId' | 'label'>;

export const contactArchived = (label: string, xeroId: string): Issue => ({
  message: `The Xero contact for ${label} is archived. Restore it in Xero, then retry.`,
  hint: 'In Xero, open Contacts › Archived, restore the contact, then sync again.',
  fixIn: 'xero',
  xeroId,
});

export const possibleDuplicate = (label: string, name: string): Issue => ({
  message:
    `Xero already had a contact named ${name} with another email address, so ${label} was created as a ` +
    'separate contact with the student number in its name. If they are the same person, merge the two ' +
    'contacts in Xero (keep the one with the student number).',
  hint: 'Compare the two contacts in Xero; merge them if they are the same person.',
  fixIn: 'xero',
});

export const contactRefused = (label: string, xeroMessages: string[]): Issue => ({
  message: `Xero refused the contact for ${label}: ${xeroMessages.join(' ')}`,
  hint: 'Correct the learner’s details in the LRM, then sync again.',
  fixIn: 'lrm',
  xeroMessage: xeroMessages.join(' '),
});

export const contactLinkedElsewhere = (label: string, xeroId: string): Issue => ({
  message:
    `The Xero contact that matches ${label} already stands for another learner in the LRM (two contacts ` +
    'may have been merged in Xero). Nothing was changed.',
  hint: 'Check both learners’ contacts in Xero; give each learner a contact of their own.',
  fixIn: 'xero',
  xeroId,
});

export const contactWarned = (label: string, warnings: string[]): Issue => ({
  message: `Xero accepted the contact for ${label} with a warning: ${warnings.join(' ')}`,
  hint: 'Nothing to do unless the warning matters to you.',
  fixIn: 'xero',
  xeroMessage: warnings.join(' '),
});

/** Xero's words for a name or number already taken (see XERO.md). */
export const NAME_TAKEN = /contact name .* is already assigned to another contact/i;
export const NUMBER_TAKEN = /contact number .* is already assigned to another contact/i;
