import { AuthenticatedUser, FieldErrors, isCalendarDate, Role } from '../common';
import { Learner } from '../learners';
import { Invoice, InvoiceStatus } from './invoice.entity';
import { InvoiceFilter, InvoicePage } from './invoice-list.service';
import { LineValues } from './invoice-form';
import { centsToInput, formatCents, formatQuantity, TaxType } from './money';

export const canWrite = (user: AuthenticatedUser) => user.role !== Role.Trainer;

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  [InvoiceStatus.Draft]: 'Draft',
  [InvoiceStatus.AwaitingPayment]: 'Awaiting payment',
  [InvoiceStatus.Paid]: 'Paid',
  [InvoiceStatus.Voided]: 'Voided',
};

const STATUS_BADGES: Record<InvoiceStatus, string> = {
  [InvoiceStatus.Draft]: 'badge',
  [InvoiceStatus.AwaitingPayment]: 'badge badge-warn',
  [InvoiceStatus.Paid]: 'badge badge-ok',
  [InvoiceStatus.Voided]: 'badge badge-err',
};

const TAX_LABELS: Record<TaxType, string> = {
  [TaxType.Output]: 'GST on income (10%)',
  [TaxType.ExemptOutput]: 'GST-free income',
  [TaxType.BasExcluded]: 'BAS excluded',
};

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseInvoiceFilter(raw: Record<string, unknown>): InvoiceFilter {
  const status = text(raw.status) as InvoiceStatus;
  const page = Number.parseInt(text(raw.page), 10);
  return {
    status: status in STATUS_LABELS ? status : undefined,
    learner: text(raw.learner).slice(0, 200) || undefined,
    learnerId: UUID.test(text(raw.learnerId)) ? text(raw.learnerId) : undefined,
    from: isCalendarDate(text(raw.from)) ? text(raw.from) : undefined,
    to: isCalendarDate(text(raw.to)) ? text(raw.to) : undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

function filterUrl(filter: InvoiceFilter, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'learner', 'learnerId', 'from', 'to'] as const) {
    if (filter[key]) params.set(key, filter[key]);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/invoices?${search}` : '/invoices';
}

export function invoiceListView(result: InvoicePage, filter: InvoiceFilter, currency: string) {
  return {
    filter,
    statuses: Object.entries(STATUS_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === filter.status,
    })),
    totals: {
      count: result.totals.count,
      total: formatCents(result.totals.totalCents),
      paid: formatCents(result.totals.paidCents),
      due: formatCents(result.totals.dueCents),
    },
    currency,
    page: result.page,
    pages: result.pages,
    prevUrl: result.page > 1 ? filterUrl(filter, result.page - 1) : undefined,
    nextUrl: result.page < result.pages ? filterUrl(filter, result.page + 1) : undefined,
    invoices: result.invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      learner: invoice.learner.fullName,
      studentNumber: invoice.learner.studentNumber,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      statusLabel: STATUS_LABELS[invoice.status],
      statusBadge: STATUS_BADGES[invoice.status],
      total: formatCents(invoice.totalCents),
      paid: formatCents(invoice.amountPaidCents),
      due: formatCents(invoice.amountDueCents),
      fromXero: invoice.origin === 'xero',
    })),
  };
}

export function invoiceDetails(invoice: Invoice) {
  return {
    id: invoice.id,
    number: invoice.number,
    learnerId: invoice.learner.id,
    learner: invoice.learner.fullName,
    studentNumber: invoice.learner.studentNumber,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    reference: invoice.reference,
    currency: invoice.currency,
    status: invoice.status,
    statusLabel: STATUS_LABELS[invoice.status],
    statusBadge: STATUS_BADGES[invoice.status],
    origin: invoice.origin === 'xero' ? 'Xero' : 'LRM',
    version: invoice.version,
    subtotal: formatCents(invoice.subtotalCents),
    tax: formatCents(invoice.taxCents),
    total: formatCents(invoice.totalCents),
    paid: formatCents(invoice.amountPaidCents),
    due: formatCents(invoice.amountDueCents),
    dueInput: centsToInput(invoice.amountDueCents),
    voided: invoice.status === InvoiceStatus.Voided,
    canPay: invoice.status !== InvoiceStatus.Voided && invoice.amountDueCents > 0,
    canVoid: invoice.status !== InvoiceStatus.Voided && invoice.amountPaidCents === 0,
    canEdit:
      invoice.status !== InvoiceStatus.Voided && invoice.amountPaidCents === 0 && invoice.origin !== 'xero',
    lines: invoice.lines.getItems().map((line) => ({
      description: line.description,
      quantity: formatQuantity(line.quantity),
      unitAmount: formatCents(line.unitAmountCents),
      accountCode: line.accountCode,
      taxLabel: line.taxType ? TAX_LABELS[line.taxType] : 'No tax',
      tax: formatCents(line.taxCents),
      amount: formatCents(line.lineAmountCents),
    })),
    payments: invoice.payments.getItems().map((payment) => ({
      date: payment.date,
      amount: formatCents(payment.amountCents),
      reference: payment.reference,
      source: payment.source === 'xero' ? 'Xero' : 'LRM',
      deleted: payment.status === 'deleted',
    })),
  };
}

export const BLANK_LINE: LineValues = {
  description: '',
  quantity: '1',
  unitAmount: '',
  accountCode: '',
  taxType: '',
};

/** The invoice form's view: the values as typed, one row per line (with its own errors), the pickers. */
/** The new-invoice form, or the edit form of an existing invoice (which carries its version). */
export interface InvoiceFormMode {
  title: string;
  action: string;
  submitLabel: string;
  cancel: string;
  editing?: boolean;
  /** An approved invoice stays approved (as in Xero), so "save as draft" is not offered. */
  approved?: boolean;
  problem?: string;
}

export const NEW_INVOICE: InvoiceFormMode = {
  title: 'New invoice',
  action: '/invoices',
  submitLabel: 'Create invoice',
  cancel: '/invoices',
};

export const editInvoiceMode = (
  invoice: { id: string; number: string; status: InvoiceStatus },
  problem?: string,
): InvoiceFormMode => ({
  title: `Edit invoice ${invoice.number}`,
  action: `/invoices/${invoice.id}`,
  submitLabel: 'Save invoice',
  cancel: `/invoices/${invoice.id}`,
  editing: true,
  approved: invoice.status === InvoiceStatus.AwaitingPayment,
  problem,
});

/** A saved invoice as form values and line rows. */
export function invoiceFormValues(invoice: Invoice): {
  values: Record<string, unknown>;
  lines: LineValues[];
} {
  return {
    values: {
      learner: invoice.learner.id,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      reference: invoice.reference ?? '',
      status: invoice.status,
      version: invoice.version,
    },
    lines: invoice.lines.getItems().map((line) => ({
      description: line.description,
      quantity: formatQuantity(line.quantity),
      unitAmount: centsToInput(line.unitAmountCents),
      accountCode: line.accountCode ?? '',
      taxType: line.taxType ?? '',
    })),
  };
}

export function invoiceFormView(
  learners: Learner[],
  values: Record<string, unknown>,
  lines: LineValues[],
  errors: FieldErrors = {},
  lineErrors: FieldErrors[] = [],
  mode: InvoiceFormMode = NEW_INVOICE,
) {
  return {
    ...mode,
    values,
    errors,
    learners: learners.map((l) => ({
      id: l.id,
      label: `${l.lastName}, ${l.firstName} (${l.studentNumber})${l.archived ? ' (archived)' : ''}`,
      selected: l.id === values.learner,
    })),
    statuses: [InvoiceStatus.AwaitingPayment, ...(mode.approved ? [] : [InvoiceStatus.Draft])].map(
      (value) => ({
        value,
        label: value === InvoiceStatus.Draft ? 'Save as draft' : 'Approve (awaiting payment)',
        selected: value === values.status,
      }),
    ),
    lines: lines.map((line, index) => ({
      index,
      number: index + 1,
      ...line,
      errors: lineErrors[index] ?? {},
      ids: Object.fromEntries(
        ['description', 'quantity', 'unitAmount', 'accountCode', 'taxType'].map((f) => [
          f,
          `line-${index}-${f}`,
        ]),
      ),
      taxTypes: [{ value: '', label: 'No tax' }]
        .concat(Object.entries(TAX_LABELS).map(([value, label]) => ({ value, label })))
        .map((option) => ({ ...option, selected: option.value === line.taxType })),
    })),
  };
}
