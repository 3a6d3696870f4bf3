import 'reflect-metadata';
import { Account } from '../identity';
import { Learner } from '../learners';
import { Invoice, InvoiceStatus } from './invoice.entity';

function invoiceOf(totalCents: number, status = InvoiceStatus.AwaitingPayment): Invoice {
  const account = new Account('Settle Training');
  const invoice = new Invoice(
    account,
    new Learner(account, 'STU-000001', 'Ava', 'Lee'),
    'LRM-000001',
    { issueDate: '2026-11-01', dueDate: '2026-11-30' },
    status,
  );
  invoice.totalCents = totalCents;
  invoice.settle(0);
  return invoice;
}

describe('an invoice settled by its active payments', () => {
  it('owes the total less what was paid, and is paid when nothing is left', () => {
    const invoice = invoiceOf(11343);
    invoice.settle(3333);
    expect([invoice.amountPaidCents, invoice.amountDueCents, invoice.status]).toEqual([
      3333,
      8010,
      InvoiceStatus.AwaitingPayment,
    ]);
    invoice.settle(11343);
    expect([invoice.amountDueCents, invoice.status]).toEqual([0, InvoiceStatus.Paid]);
  });

  it('goes back to awaiting payment when a payment is deleted', () => {
    const invoice = invoiceOf(5000);
    invoice.settle(5000);
    invoice.settle(1000);
    expect([invoice.amountDueCents, invoice.status]).toEqual([4000, InvoiceStatus.AwaitingPayment]);
  });

  it('approves a draft that receives a payment, and a voided invoice owes nothing', () => {
    const draft = invoiceOf(5000, InvoiceStatus.Draft);
    expect(draft.status).toBe(InvoiceStatus.Draft);
    draft.settle(100);
    expect(draft.status).toBe(InvoiceStatus.AwaitingPayment);
    const voided = invoiceOf(5000, InvoiceStatus.Voided);
    expect([voided.amountDueCents, voided.status]).toEqual([0, InvoiceStatus.Voided]);
  });
});
