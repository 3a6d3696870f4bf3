export { DemoRecordsSeeder } from './demo-records.seeder';
export { InvoiceChanged, PaymentRecorded } from './finance.events';
export { FinanceModule } from './finance.module';
export { InvoiceLine } from './invoice-line.entity';
export { Invoice, InvoiceStatus, RecordOrigin } from './invoice.entity';
export { InvoicesService } from './invoices.service';
export { formatCents, invoiceTotals, lineAmounts, parseCents, TaxType } from './money';
export { Payment, PaymentStatus } from './payment.entity';
export { PaymentsService } from './payments.service';
