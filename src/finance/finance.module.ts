import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity';
import { LearnersModule } from '../learners';
import { DemoRecordsSeeder } from './demo-records.seeder';
import { InvoiceCounter } from './invoice-counter.entity';
import { InvoiceLine } from './invoice-line.entity';
import { InvoiceListService } from './invoice-list.service';
import { InvoiceNumberingController } from './invoice-numbering.controller';
import { InvoiceNumberingService } from './invoice-numbering.service';
import { InvoicePaymentsController } from './invoice-payments.controller';
import { Invoice } from './invoice.entity';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { Payment } from './payment.entity';
import { PaymentsService } from './payments.service';

@Module({
  imports: [
    MikroOrmModule.forFeature([Invoice, InvoiceLine, Payment, InvoiceCounter]),
    IdentityModule,
    LearnersModule,
  ],
  controllers: [InvoicesController, InvoicePaymentsController, InvoiceNumberingController],
  providers: [
    InvoicesService,
    InvoiceListService,
    PaymentsService,
    InvoiceNumberingService,
    DemoRecordsSeeder,
  ],
  exports: [InvoicesService, PaymentsService],
})
export class FinanceModule {}
