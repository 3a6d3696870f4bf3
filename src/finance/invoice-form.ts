import { FieldErrors, validateForm } from '../common';
import { InvoiceFormDto, InvoiceLineFormDto } from './dto/invoice-form.dto';
import { InvoiceStatus } from './invoice.entity';
import {
  formatCents,
  invoiceTotals,
  lineAmounts,
  MAX_INVOICE_TOTAL_CENTS,
  parseCents,
  parseQuantity,
  TaxType,
} from './money';

export const MAX_LINES = 100;
const LINE_FIELDS = ['description', 'quantity', 'unitAmount', 'accountCode', 'taxType'] as const;
export type LineValues = Record<(typeof LINE_FIELDS)[number], string>;

export interface NewInvoiceLine {
  description: string;
  /** ten-thousandths */
  quantity: number;
  unitAmountCents: number;
  accountCode: string | null;
  taxType: TaxType | null;
}

export interface NewInvoice {
  learnerId: string;
  issueDate: string;
  dueDate: string;
  reference: string | null;
  status: InvoiceStatus.Draft | InvoiceStatus.AwaitingPayment;
  lines: NewInvoiceLine[];
}

export type InvoiceFormResult =
  | { ok: true; value: NewInvoice }
  | { ok: false; errors: FieldErrors; lineErrors: FieldErrors[] };

/**
 * Every posted line row as typed, in order. Rows arrive as lines[0][description]=...; qs turns them into
 * an array, or into an object keyed by index past its array limit.
 */
function postedLines(body: Record<string, unknown>): LineValues[] {
  const raw = body.lines;
  const rows = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object'
      ? Object.entries(raw)
          .filter(([key]) => /^\d+$/.test(key))
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, row]) => row)
      : [];
  return rows.map((row) => {
    const values = {} as LineValues;
    for (const field of LINE_FIELDS) {
      const value = (row as Record<string, unknown> | undefined)?.[field];
      values[field] = typeof value === 'string' ? value : '';
    }
    return values;
  });
}

/** The line rows the form shows again: at most MAX_LINES of them. */
export function submittedLines(body: Record<string, unknown>): LineValues[] {
  return postedLines(body).slice(0, MAX_LINES);
}

/** A row left as the form offered it (quantity 1, no tax) is blank: only what a person types counts. */
const isBlank = (line: LineValues) =>
  [line.description, line.unitAmount, line.accountCode].every((value) => value.trim() === '');

/** Validates the invoice fields and every non-blank line; blank rows of the form are ignored. */
export async function validateInvoiceForm(body: Record<string, unknown>): Promise<InvoiceFormResult> {
  const head = await validateForm(InvoiceFormDto, body);
  const rows = submittedLines(body);
  const lineErrors: FieldErrors[] = rows.map(() => ({}));
  const lines: NewInvoiceLine[] = [];
  for (const [index, row] of rows.entries()) {
    if (isBlank(row)) continue;
    const line = await validateForm(InvoiceLineFormDto, row);
    if (!line.ok) {
      lineErrors[index] = line.errors;
      continue;
    }
    lines.push({
      description: line.value.description,
      quantity: parseQuantity(line.value.quantity)!,
      unitAmountCents: parseCents(line.value.unitAmount)!,
      accountCode: line.value.accountCode ?? null,
      taxType: line.value.taxType ?? null,
    });
  }
  const errors: FieldErrors = head.ok ? {} : { ...head.errors };
  const linesOk = lineErrors.every((e) => Object.keys(e).length === 0);
  const filled = postedLines(body).filter((row) => !isBlank(row)).length;
  const total = invoiceTotals(lines.map(lineAmounts)).totalCents;
  if (filled > MAX_LINES)
    errors.lines = `An invoice can have at most ${MAX_LINES} lines, and this one has ${filled}. Split it into two invoices.`;
  else if (rows.every(isBlank))
    errors.lines = 'Add at least one line with a description, quantity and unit amount.';
  else if (total > MAX_INVOICE_TOTAL_CENTS)
    errors.lines = `The invoice total can be at most ${formatCents(MAX_INVOICE_TOTAL_CENTS)}; split it into smaller invoices.`;
  else if (linesOk && total === 0)
    errors.lines = 'The lines add up to 0.00. Enter quantities and amounts that come to at least 0.01.';
  if (!head.ok || Object.keys(errors).length > 0 || !linesOk) {
    return { ok: false, errors, lineErrors };
  }
  const value = head.value;
  return {
    ok: true,
    value: {
      learnerId: value.learner,
      issueDate: value.issueDate,
      dueDate: value.dueDate,
      reference: value.reference ?? null,
      status: value.status,
      lines,
    },
  };
}
