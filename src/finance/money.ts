/**
 * Money is integer cents everywhere; quantities are integer ten-thousandths. JS numbers are used only for
 * integers well inside 2^53, and every division goes through BigInt with an explicit rounding rule, so no
 * float ever touches an amount.
 */

export const QUANTITY_SCALE = 10_000;

/**
 * Upper limits of what a person can type. They keep every amount far inside both the bigint columns and
 * Number.MAX_SAFE_INTEGER, whatever the number of lines.
 */
export const MAX_UNIT_AMOUNT_CENTS = 9_999_999_999;
export const MAX_QUANTITY = 999_999 * QUANTITY_SCALE;
export const MAX_INVOICE_TOTAL_CENTS = 999_999_999_999;

export enum TaxType {
  Output = 'OUTPUT',
  ExemptOutput = 'EXEMPTOUTPUT',
  BasExcluded = 'BASEXCLUDED',
}

/** GST in Australia is 10%, charged on top of the line amount (amounts are entered exclusive of tax). */
const GST_PERCENT = 10n;

/** a / b rounded to the nearest integer, halves away from zero (b > 0). */
export function divideRounded(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const magnitude = negative ? -a : a;
  const quotient = (magnitude * 2n + b) / (2n * b);
  return negative ? -quotient : quotient;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "12.5" -> 1250 cents. Returns undefined for anything but a plain non-negative decimal of <= 2 places. */
export function parseCents(text: string): number | undefined {
  return parseScaled(text, 2);
}

/** "1.25" -> 12500 ten-thousandths. Returns undefined for more than 4 decimal places. */
export function parseQuantity(text: string): number | undefined {
  return parseScaled(text, 4);
}

function parseScaled(text: string, places: number): number | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] ?? '').length > places) return undefined;
  const value = BigInt(match[1] + (match[2] ?? '').padEnd(places, '0'));
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

/** Number of decimal places in a plain decimal string, or undefined when it is not one. */
export function decimalPlaces(text: string): number | undefined {
  const match = DECIMAL.exec(text.trim());
  return match ? (match[2] ?? '').length : undefined;
}

/** 123456 -> "1,234.56"; negative amounts keep their sign. */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** 123456 -> "1234.56", for form fields. */
export function centsToInput(cents: number): string {
  return formatCents(cents).replace(/,/g, '');
}

/** 12500 -> "1.25", trailing zeros dropped. */
export function formatQuantity(scaled: number): string {
  const whole = Math.trunc(scaled / QUANTITY_SCALE);
  const fraction = String(scaled % QUANTITY_SCALE)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export interface LineInput {
  /** ten-thousandths */
  quantity: number;
  unitAmountCents: number;
  taxType?: TaxType | null;
}

export interface LineAmounts {
  lineAmountCents: number;
  taxCents: number;
}

/** Line amount = quantity x unit amount, rounded to the cent per line; tax rounded per line too. */
export function lineAmounts(line: LineInput): LineAmounts {
  const lineAmount = divideRounded(
    BigInt(line.quantity) * BigInt(line.unitAmountCents),
    BigInt(QUANTITY_SCALE),
  );
  const tax = line.taxType === TaxType.Output ? divideRounded(lineAmount * GST_PERCENT, 100n) : 0n;
  return { lineAmountCents: Number(lineAmount), taxCents: Number(tax) };
}

export interface InvoiceTotals {
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

export function invoiceTotals(lines: readonly LineAmounts[]): InvoiceTotals {
  const subtotal = lines.reduce((sum, l) => sum + BigInt(l.lineAmountCents), 0n);
  const tax = lines.reduce((sum, l) => sum + BigInt(l.taxCents), 0n);
  return { subtotalCents: Number(subtotal), taxCents: Number(tax), totalCents: Number(subtotal + tax) };
}
