import { ConflictError } from '../common';

export class LastOwnerError extends ConflictError {
  constructor(action: 'demote' | 'deactivate') {
    super(
      action === 'demote'
        ? 'This is the last active Account Owner, so the role cannot change. Make another user an Account Owner first.'
        : 'This is the last active Account Owner, so it cannot be deactivated. Make another user an Account Owner first.',
    );
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    // Saying that the address is taken would tell one account about the users of another.
    super('This email cannot be used. Enter a different email address.');
  }
}
