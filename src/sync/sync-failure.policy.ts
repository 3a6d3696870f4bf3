import {
  XeroAuthError,
  XeroForbiddenError,
  XeroRateLimitError,
  XeroRequestError,
  XeroUnavailableError,
  XeroValidationError,
} from '../xero';
import { XeroNotConnectedError } from '../xero-auth';
import { SyncInterruptedError, SyncRunBusyError } from './sync.errors';

export type RunVerdict =
  /** Nothing a retry can fix: the run ends failed, with a reason the owner can act on. */
  | { action: 'fail'; reason: string }
  /** Transient: the job is retried with backoff while its budget lasts. */
  | { action: 'retry'; reason: string }
  /** Xero's daily limit: the run waits until Xero's reset, then goes on. */
  | { action: 'pause'; reason: string; resumeAt: Date };

/** What a run-level failure means for the run, decided by the error's class alone. */
export function classifyRunFailure(error: unknown, now = new Date()): RunVerdict {
  if (error instanceof XeroNotConnectedError || error instanceof XeroAuthError) {
    return {
      action: 'fail',
      reason:
        'Xero no longer accepts the connection. The Account Owner must reconnect Xero, then sync again.',
    };
  }
  if (error instanceof XeroRateLimitError && error.problem === 'day') {
    return {
      action: 'pause',
      reason:
        'Xero’s daily call limit for this organisation was reached; the sync goes on after Xero’s reset.',
      resumeAt: new Date(now.getTime() + Math.max(1, error.retryAfterSeconds) * 1000),
    };
  }
  if (error instanceof XeroForbiddenError) {
    return {
      action: 'fail',
      reason: 'Xero refused access to the organisation. Check the connection’s permissions, then reconnect.',
    };
  }
  if (error instanceof XeroValidationError || error instanceof XeroRequestError) {
    return { action: 'fail', reason: `Xero refused the request: ${error.message}` };
  }
  if (error instanceof XeroUnavailableError || error instanceof XeroRateLimitError) {
    return { action: 'retry', reason: 'Xero is not answering just now; the sync is retried automatically.' };
  }
  if (error instanceof SyncInterruptedError || error instanceof SyncRunBusyError) {
    return { action: 'retry', reason: error.message };
  }
  // Anything else (the database away, a bug) is retried too, within the same budget.
  return { action: 'retry', reason: 'The sync stopped on an unexpected error and is retried automatically.' };
}
