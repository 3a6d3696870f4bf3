/**
 * Base class of the errors services throw for a user's mistake or a refused action. They say what kind of
 * refusal it is by their class, never by an HTTP status: a page gets its status from the global filter, and a
 * background job can tell "retry" from "give up" with `instanceof`.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record does not exist, or not in this account: retrying cannot help. */
export class NotFoundError extends DomainError {}

/** The submitted data cannot be accepted as it is: retrying the same data cannot help. */
export class InvalidInputError extends DomainError {}

/** The record's present state refuses the action (voided, paid, in use): refused until that state changes. */
export class ConflictError extends DomainError {}

/** Someone else changed the record meanwhile: load it again and the action may well succeed. */
export class ChangedByOthersError extends ConflictError {}

/** The actor may not do this (role, origin of the form): retrying as the same actor cannot help. */
export class NotAllowedError extends DomainError {}
