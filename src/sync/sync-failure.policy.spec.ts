import { XeroAuthError, XeroRateLimitError, XeroUnavailableError, XeroValidationError } from '../xero';
import { XeroNotConnectedError } from '../xero-auth';
import { classifyRunFailure } from './sync-failure.policy';

describe('run failure policy', () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('fails without retry when the connection needs the owner', () => {
    expect(classifyRunFailure(new XeroNotConnectedError(), now).action).toBe('fail');
    expect(classifyRunFailure(new XeroAuthError('invalid_grant'), now).action).toBe('fail');
  });

  it('retries when Xero is unavailable or a minute limit outlasted the pacer', () => {
    expect(classifyRunFailure(new XeroUnavailableError('503'), now).action).toBe('retry');
    expect(classifyRunFailure(new XeroRateLimitError(30, 'minute'), now).action).toBe('retry');
  });

  it('pauses until Xero resets its daily limit', () => {
    const verdict = classifyRunFailure(new XeroRateLimitError(3600, 'day'), now);
    expect(verdict).toMatchObject({ action: 'pause', resumeAt: new Date('2026-12-01T11:00:00Z') });
  });

  it('gives up on a request Xero refuses as a whole', () => {
    expect(classifyRunFailure(new XeroValidationError([{ message: 'bad' }]), now).action).toBe('fail');
  });
});
