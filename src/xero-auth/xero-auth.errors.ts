import { ConflictError, InvalidInputError } from '../common';

export class XeroNotConnectedError extends ConflictError {
  constructor(reason = 'This account is not connected to Xero.') {
    super(reason);
  }
}

/** The organisation is connected to another LRM account; which one is not said. */
export class XeroOrganisationTakenError extends ConflictError {
  constructor(tenantName: string) {
    super(
      `${tenantName} is already connected to another LRM account, so it was not connected here and nothing ` +
        'changed. Disconnect it from that account first, or connect a different organisation.',
    );
  }
}

/** The consent round trip cannot be trusted or finished: nothing was stored. */
export class ConsentRefusedError extends InvalidInputError {}
