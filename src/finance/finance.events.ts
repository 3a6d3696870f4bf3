/** An invoice was created or changed (a payment, a void); emitted after commit. */
export class InvoiceChanged {
  static readonly event = 'invoice.changed';

  constructor(
    readonly accountId: string,
    readonly invoiceId: string,
    readonly change: 'created' | 'payment' | 'voided' | 'updated',
  ) {}
}

/** A payment was recorded against an invoice; emitted after commit. */
export class PaymentRecorded {
  static readonly event = 'payment.recorded';

  constructor(
    readonly accountId: string,
    readonly invoiceId: string,
    readonly paymentId: string,
  ) {}
}
