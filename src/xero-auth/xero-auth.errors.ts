import { DomainError } from '../common';

export class XeroNotConnectedError extends DomainError {
  readonly status = 409;
  constructor(reason = 'This account is not connected to Xero.') {
    super(reason);
  }
}

/** The consent round trip cannot be trusted or finished: nothing was stored. */
export class ConsentRefusedError extends DomainError {
  readonly status = 400;
}
