import { ChangedByOthersError, ConflictError, InvalidInputError } from '../common';
import { formatCents } from './money';

/** A refusal that belongs next to one field of the form. */
export abstract class FinanceFieldError extends InvalidInputError {
  abstract readonly field: string;
}

export class LearnerNotFoundForInvoiceError extends FinanceFieldError {
  readonly field = 'learner';
  constructor() {
    super('Choose a learner.');
  }
}

export class ArchivedLearnerForInvoiceError extends FinanceFieldError {
  readonly field = 'learner';
  constructor() {
    super('This learner is archived. Choose an active learner, or restore the learner first.');
  }
}

export class ApprovedInvoiceToDraftError extends FinanceFieldError {
  readonly field = 'status';
  constructor() {
    // Xero refuses AUTHORISED -> DRAFT too, so the synced invoice could never follow.
    super('This invoice is approved, so it cannot go back to draft. Keep it approved, or void it.');
  }
}

export class PaymentExceedsDueError extends FinanceFieldError {
  readonly field = 'amount';
  constructor(amountCents: number, dueCents: number, currency: string) {
    super(
      `The payment of ${formatCents(amountCents)} is more than the amount due of ` +
        `${currency} ${formatCents(dueCents)}. Enter at most ${formatCents(dueCents)}.`,
    );
  }
}

export class InvoiceVoidedError extends ConflictError {
  constructor() {
    super('This invoice is voided, so it can no longer change.');
  }
}

export class InvoiceAlreadyPaidError extends ConflictError {
  constructor() {
    super('This invoice is fully paid, so there is nothing left to pay.');
  }
}

export class PaidInvoiceVoidError extends ConflictError {
  constructor(fullyPaid: boolean) {
    super(
      fullyPaid
        ? 'A paid invoice cannot be voided.'
        : 'This invoice has payments recorded against it, so it cannot be voided.',
    );
  }
}

export class InvoiceChangedError extends ChangedByOthersError {
  constructor() {
    super(
      'This invoice was changed by someone else while you were working on it. Your entries are still in the ' +
        'form: check the invoice as it is now and submit again.',
    );
  }
}

export class InvoiceFromXeroError extends ConflictError {
  constructor() {
    super('This invoice was raised in Xero, so change it in Xero; the next sync brings the change here.');
  }
}

export class InvoiceHasPaymentsError extends ConflictError {
  constructor() {
    super('This invoice has payments recorded against it, so its lines and amounts can no longer change.');
  }
}
