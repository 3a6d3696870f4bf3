import { ChangedByOthersError, ConflictError } from '../common';

/** A value another learner already holds; the refusal belongs next to its field of the form. */
export abstract class LearnerFieldError extends ConflictError {
  abstract readonly field: string;
}

export class StudentNumberTakenError extends LearnerFieldError {
  readonly field = 'studentNumber';
  constructor(studentNumber: string) {
    super(`Student number ${studentNumber} is already used by another learner.`);
  }
}

export class LearnerChangedError extends ChangedByOthersError {
  constructor() {
    super(
      'This learner was changed by someone else while you were editing. Your changes are still in the form: ' +
        'check them against the saved record (open it in a new tab) and save again.',
    );
  }
}
