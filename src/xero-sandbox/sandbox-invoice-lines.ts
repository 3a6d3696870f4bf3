import { randomUUID } from 'node:crypto';
import { SandboxSettingsService } from './sandbox-settings.service';
import { InvoiceStatus, LineAmountTypes, round2, SandboxInvoice, SandboxLineItem } from './sandbox.model';
import { ElementInvalid, MESSAGES } from './sandbox.messages';

type Element = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown, fallback: number) => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
};

/**
 * The lines of a document, checked (account code, tax type) and priced: GST exclusive, inclusive or none.
 * Problems are added to `errors`; an element without LineItems keeps the existing invoice's lines.
 */
export function documentLines(
  settings: SandboxSettingsService,
  tenantId: string,
  element: Element,
  sales: boolean,
  existing: SandboxInvoice | undefined,
  errors: string[],
): { items: SandboxLineItem[]; lineAmountTypes: LineAmountTypes } {
  const lineAmountTypes = (str(element.LineAmountTypes) ??
    existing?.LineAmountTypes ??
    'Exclusive') as LineAmountTypes;
  if (!['Exclusive', 'Inclusive', 'NoTax'].includes(lineAmountTypes)) {
    errors.push(MESSAGES.lineAmountTypesInvalid(lineAmountTypes));
  }
  if (!Array.isArray(element.LineItems)) {
    if (existing) return { items: existing.LineItems, lineAmountTypes };
    errors.push(MESSAGES.lineItemsRequired());
    return { items: [], lineAmountTypes };
  }
  if (element.LineItems.length === 0) errors.push(MESSAGES.lineItemsRequired());
  const items: SandboxLineItem[] = [];
  for (const raw of element.LineItems as Element[]) {
    try {
      const quantity = num(raw.Quantity, 1);
      const unitAmount = round2(num(raw.UnitAmount, 0));
      const { account, taxType, rate } = settings.documentLine(
        tenantId,
        str(raw.AccountCode),
        str(raw.TaxType),
        sales,
      );
      const lineAmount = round2(quantity * unitAmount);
      const taxAmount =
        lineAmountTypes === 'NoTax'
          ? 0
          : lineAmountTypes === 'Inclusive'
            ? round2((lineAmount * rate) / (100 + rate))
            : round2((lineAmount * rate) / 100);
      items.push({
        LineItemID: str(raw.LineItemID) ?? randomUUID(),
        Description: str(raw.Description),
        Quantity: quantity,
        UnitAmount: unitAmount,
        AccountCode: account.Code,
        TaxType: taxType,
        TaxAmount: taxAmount,
        LineAmount: lineAmount,
      });
    } catch (error) {
      if (!(error instanceof ElementInvalid)) throw error;
      for (const message of error.messages) if (!errors.includes(message)) errors.push(message);
    }
  }
  return { items, lineAmountTypes };
}

export function invoiceTotals(items: SandboxLineItem[], types: LineAmountTypes, amountPaid: number) {
  const totalTax = round2(items.reduce((sum, l) => sum + l.TaxAmount, 0));
  const lineSum = round2(items.reduce((sum, l) => sum + l.LineAmount, 0));
  const subTotal = types === 'Inclusive' ? round2(lineSum - totalTax) : lineSum;
  const total = round2(subTotal + totalTax);
  return {
    SubTotal: subTotal,
    TotalTax: totalTax,
    Total: total,
    AmountPaid: amountPaid,
    AmountDue: round2(total - amountPaid),
  };
}

/** Xero's status rules for an update: why `existing` may not become `status`, if it may not. */
export function transitionError(existing: SandboxInvoice, status: InvoiceStatus): string | undefined {
  if (['PAID', 'VOIDED', 'DELETED'].includes(existing.Status)) return MESSAGES.invoiceNotModifiable();
  if (existing.AmountPaid > 0) return MESSAGES.invoiceHasPayments();
  if (status === 'VOIDED' && existing.Status !== 'AUTHORISED') return MESSAGES.invoiceNotModifiable();
  if (status === 'DELETED' && !['DRAFT', 'SUBMITTED'].includes(existing.Status)) {
    return MESSAGES.invoiceNotModifiable();
  }
  // PAID comes from payments only, and an approved invoice does not go back to draft.
  if (status === 'PAID' || (existing.Status === 'AUTHORISED' && ['DRAFT', 'SUBMITTED'].includes(status))) {
    return MESSAGES.invoiceNotModifiable();
  }
  return undefined;
}
