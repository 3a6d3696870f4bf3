import { randomUUID } from 'node:crypto';
import { SandboxSettingsService } from './sandbox-settings.service';
import { InvoiceStatus, LineAmountTypes, SandboxInvoice, SandboxLineItem } from './sandbox.model';
import { divideRounded, fromCents, toCents, toScaled } from './sandbox-money';
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
      const unitCents = toCents(num(raw.UnitAmount, 0));
      const { account, taxType, rate } = settings.documentLine(
        tenantId,
        str(raw.AccountCode),
        str(raw.TaxType),
        sales,
      );
      const { lineCents, taxCents } = linePrice(toScaled(quantity, 4), unitCents, rate, lineAmountTypes);
      const unitAmount = fromCents(unitCents);
      const lineAmount = fromCents(lineCents);
      const taxAmount = fromCents(taxCents);
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

/**
 * Quantity (ten-thousandths) x unit amount (cents), rounded to the cent per line; tax on top of the line
 * (Exclusive) or inside it (Inclusive), rounded per line as Xero does.
 */
function linePrice(quantity: bigint, unitCents: bigint, rate: number, types: LineAmountTypes) {
  const lineCents = divideRounded(quantity * unitCents, 10_000n);
  const rateScaled = toScaled(rate, 4);
  const percent = 100n * 10_000n;
  const taxCents =
    types === 'NoTax'
      ? 0n
      : types === 'Inclusive'
        ? divideRounded(lineCents * rateScaled, percent + rateScaled)
        : divideRounded(lineCents * rateScaled, percent);
  return { lineCents, taxCents };
}

export function invoiceTotals(items: SandboxLineItem[], types: LineAmountTypes, amountPaid: number) {
  const tax = items.reduce((sum, l) => sum + toCents(l.TaxAmount), 0n);
  const lineSum = items.reduce((sum, l) => sum + toCents(l.LineAmount), 0n);
  const subTotal = types === 'Inclusive' ? lineSum - tax : lineSum;
  const total = subTotal + tax;
  return {
    SubTotal: fromCents(subTotal),
    TotalTax: fromCents(tax),
    Total: fromCents(total),
    AmountPaid: amountPaid,
    AmountDue: fromCents(total - toCents(amountPaid)),
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
