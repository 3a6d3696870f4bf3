import { humanDate } from './sandbox-json';

/** Xero's validation messages, worded as Xero words them. */
export const MESSAGES = {
  contactNameRequired: () => 'The contact name must be specified.',
  contactNameTaken: (name: string) =>
    `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
  contactNumberTaken: (number: string) =>
    `The contact number ${number} is already assigned to another contact. The contact number must be unique across all contacts.`,
  contactNotFound: (id: string) => `The contact with ContactID ${id} could not be found.`,
  emailInvalid: () => 'Email address must be valid.',
  contactRequired: () => 'A Contact must be specified for this type of transaction',
  contactArchived: () => 'The contact has been archived and cannot be used on new transactions.',
  lineItemsRequired: () => 'Invoices must have at least one line item.',
  accountCodeRequired: () => 'Account code must be specified.',
  accountCodeInvalid: (code: string) => `Account code '${code}' is not a valid code for this document.`,
  accountCodeArchived: (code: string) =>
    `Account code '${code}' has been archived, or has been deleted. Each line item must reference a valid account.`,
  taxTypeInvalid: (taxType: string) =>
    `The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`,
  periodLocked: (date: string) =>
    `The document date cannot be before the period lock date, currently set at ${humanDate(date)}.`,
  yearLocked: (date: string) =>
    `The document date cannot be before the end of year lock date, currently set at ${humanDate(date)}.`,
  lineAmountTypesInvalid: (value: string) =>
    `'${value}' is not a valid LineAmountTypes value. Use Exclusive, Inclusive or NoTax.`,
  invoiceNumberTaken: () => 'Invoice # must be unique.',
  invoiceNotModifiable: () => 'Invoice not of valid status for modification',
  invoiceHasPayments: () =>
    'This document cannot be edited as it has a payment or credit note allocated to it.',
  invoiceNotFound: (id: string) => `Invoice with InvoiceID ${id} could not be found.`,
  invoiceTypeInvalid: () => 'Invoice Type must be specified as ACCREC or ACCPAY.',
  statusInvalid: (status: string) => `The status '${status}' is not valid.`,
  dateInvalid: () => 'The date is not valid.',
  paymentInvoiceRequired: () =>
    'You must specify an Invoice, CreditNote, Prepayment or Overpayment for the payment.',
  paymentNotAuthorised: () => 'Payment can only be made against Authorised documents.',
  paymentTooLarge: () => 'Payment amount exceeds the amount outstanding on this document',
  paymentAmountInvalid: () => 'Payment amount must be greater than zero.',
  paymentAccountInvalid: () => 'Account type is invalid for making a payment to/from',
  paymentAccountRequired: () => 'You must specify an Account for the payment.',
  paymentAlreadyDeleted: () => 'This payment has already been deleted.',
};

/** Thrown while validating one element of a batch; becomes that element's ValidationErrors. */
export class ElementInvalid extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}
