import {
  ChangedByOthersError,
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
} from './domain.error';
import { statusOf } from './all-exceptions.filter';
import { RedirectRequired, SignInRequiredError, TooManyAttemptsError } from './http.errors';

class PaymentTooLate extends InvalidInputError {}
class InvoiceEdited extends ChangedByOthersError {}

describe('statusOf', () => {
  it.each([
    [new PaymentTooLate('late'), 400],
    [new SignInRequiredError('/'), 401],
    [new NotAllowedError('no'), 403],
    [new NotFoundError('gone'), 404],
    [new ConflictError('voided'), 409],
    [new InvoiceEdited('edited'), 409],
    [new TooManyAttemptsError('wait'), 429],
    [new RedirectRequired('/elsewhere'), 303],
  ])('answers %p with %i, from its kind alone', (error, status) => {
    expect(statusOf(error)).toBe(status);
  });

  it('lets a job tell a change by someone else from a lasting refusal', () => {
    expect(new InvoiceEdited('edited')).toBeInstanceOf(ConflictError);
    expect(new ConflictError('voided')).not.toBeInstanceOf(ChangedByOthersError);
  });
});
