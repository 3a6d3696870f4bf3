import { DomainError } from '../common';

/** A refusal that belongs next to one field of the form. */
export abstract class LearnerFieldError extends DomainError {
  abstract readonly field: string;
}

export class StudentNumberTakenError extends LearnerFieldError {
  readonly status = 409;
  readonly field = 'studentNumber';
  constructor(studentNumber: string) {
    super(`Student number ${studentNumber} is already used by another learner.`);
  }
}

export class LearnerChangedError extends DomainError {
  readonly status = 409;
  constructor() {
    super(
      'This learner was changed by someone else while you were editing. Your changes are still in the form: ' +
        'check them against the saved record (open it in a new tab) and save again.',
    );
  }
}
