import { createHash } from 'node:crypto';
import type { ContactPushLearner } from '../learners';
import type { XeroContactInput } from '../xero';

/** Xero's ContactNumber and Name limits. */
const MAX_NAME = 255;

export const learnerName = (l: Pick<ContactPushLearner, 'firstName' | 'lastName'>) =>
  `${l.firstName.trim()} ${l.lastName.trim()}`.trim();

/** The contact name when another contact already has the learner's name: the student number tells them apart. */
export const disambiguatedName = (l: Pick<ContactPushLearner, 'firstName' | 'lastName' | 'studentNumber'>) =>
  `${learnerName(l).slice(0, MAX_NAME - l.studentNumber.length - 3)} (${l.studentNumber})`;

/** A learner's label in messages: "Ada Lovelace (STU-000012)". */
export const learnerLabel = disambiguatedName;

const blank = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The learner as a Xero contact. The name is chosen by the caller (plain or disambiguated). */
export function toContactInput(
  learner: ContactPushLearner,
  name: string,
  contactId?: string,
): XeroContactInput {
  const address = {
    line1: blank(learner.street),
    city: blank(learner.suburb),
    region: blank(learner.state),
    postalCode: blank(learner.postcode),
    country: blank(learner.country),
  };
  const hasAddress = Object.values(address).some((v) => v !== undefined);
  return {
    ...(contactId ? { contactId } : {}),
    contactNumber: learner.studentNumber,
    name,
    firstName: learner.firstName.trim(),
    lastName: learner.lastName.trim(),
    email: blank(learner.email),
    phone: blank(learner.phone),
    ...(hasAddress ? { address } : {}),
  };
}

/**
 * What Xero holds of a learner, as one hash: a learner whose hash equals its link's needs no call. The name is
 * left out on purpose: whether it carries the student number depends on Xero, not on the learner.
 */
export function contactHash(learner: ContactPushLearner): string {
  const input = toContactInput(learner, '');
  const canonical = JSON.stringify([
    input.contactNumber,
    input.firstName,
    input.lastName,
    input.email ?? null,
    input.phone ?? null,
    input.address ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Same email, ignoring case and spaces. */
export const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!blank(a) && !!blank(b) && blank(a)!.toLowerCase() === blank(b)!.toLowerCase();

export const nameKey = (name: string) => name.trim().toLowerCase();
