import { ConflictError, InvalidInputError } from '../common';

export class XeroNotConnectedError extends ConflictError {
  constructor(reason = 'This account is not connected to Xero.') {
    super(reason);
  }
}

/** The consent round trip cannot be trusted or finished: nothing was stored. */
export class ConsentRefusedError extends InvalidInputError {}
