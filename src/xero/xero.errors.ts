/** Failures of a Xero call, translated from the SDKs so that nothing else needs to know their formats. */
export abstract class XeroError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Xero no longer accepts these credentials (401, `invalid_grant`, revoked consent): the owner must reconnect. */
export class XeroAuthError extends XeroError {}

/**
 * Xero answered 403: this token may not do this for this organisation. Either the organisation disconnected
 * the app in Xero, or a scope or user permission is missing; only `/connections` tells which.
 */
export class XeroForbiddenError extends XeroError {}

/** Xero refused the request itself (a bad code, a mismatched verifier, an unknown tenant, ...). */
export class XeroRequestError extends XeroError {}

export class XeroRateLimitError extends XeroError {
  constructor(
    readonly retryAfterSeconds: number,
    /** Which limit: `minute`, `day`, `appminute`, `concurrent` (from X-Rate-Limit-Problem). */
    readonly problem: string,
  ) {
    super(`Xero's ${problem} rate limit was reached; retry after ${retryAfterSeconds} s`, 429);
  }
}

export interface XeroValidationMessage {
  /** Position of the element in the batch, when the failure belongs to one. */
  index?: number;
  message: string;
}

export class XeroValidationError extends XeroError {
  constructor(readonly messages: XeroValidationMessage[]) {
    super(messages.map((m) => m.message).join('; ') || 'Xero refused the data', 400);
  }
}

/** Xero could not be reached or failed on its side (5xx, timeout, reset): worth retrying later. */
export class XeroUnavailableError extends XeroError {}
