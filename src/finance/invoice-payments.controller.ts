import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AuthenticatedUser,
  ConflictError,
  CurrentUser,
  FieldErrors,
  ALREADY_RECORDED,
  flash,
  newFormToken,
  Role,
  Roles,
  SubmitOnceService,
  UuidPipe,
  validateForm,
} from '../common';
import { PaymentFormDto } from './dto/invoice-form.dto';
import { FinanceFieldError } from './finance.errors';
import { InvoicesService } from './invoices.service';
import { invoiceDetails } from './invoices.view-model';
import { formatCents, parseCents } from './money';
import { PaymentsService } from './payments.service';

const WRITERS = [Role.Owner, Role.Admin, Role.Finance];

/** Recording a payment against an invoice: owner, admin and finance only. */
@Roles(...WRITERS)
@Controller('invoices/:id/payments')
export class InvoicePaymentsController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
    private readonly submissions: SubmitOnceService,
  ) {}

  @Get('new')
  @Render('finance/payment-new')
  async newPayment(@CurrentUser() me: AuthenticatedUser, @Param('id', UuidPipe) id: string) {
    const invoice = await this.invoices.get(me.accountId, id);
    const details = invoiceDetails(invoice);
    const today = (await this.invoices.defaultDates(me.accountId)).issueDate;
    return {
      title: `Record a payment on ${invoice.number}`,
      invoice: details,
      values: { amount: details.dueInput, date: today, version: invoice.version, formToken: newFormToken() },
    };
  }

  @Post()
  async recordPayment(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const invoice = await this.invoices.get(me.accountId, id);
    const rerender = (status: number, errors: FieldErrors, problem?: string) =>
      res.status(status).render('finance/payment-new', {
        title: `Record a payment on ${invoice.number}`,
        invoice: invoiceDetails(invoice),
        // After a conflict the form carries the current version, so submitting again is deliberate.
        values: { ...body, ...(problem ? { version: invoice.version } : {}) },
        errors,
        problem,
      });
    const form = await validateForm(PaymentFormDto, body);
    if (!form.ok) return rerender(400, form.errors);
    try {
      const { location, replayed } = await this.submissions.once(me, body.formToken, async () => {
        const payment = await this.payments.record(me.accountId, id, {
          amountCents: parseCents(form.value.amount)!,
          date: form.value.date,
          reference: form.value.reference ?? null,
          version: form.value.version,
        });
        flash(
          req,
          'success',
          `A payment of ${invoice.currency} ${formatCents(payment.amountCents)} was recorded.`,
        );
        return `/invoices/${id}`;
      });
      if (replayed) flash(req, 'info', ALREADY_RECORDED);
      return res.redirect(303, location);
    } catch (error) {
      if (error instanceof FinanceFieldError) return rerender(400, { [error.field]: error.message });
      if (error instanceof ConflictError) return rerender(409, {}, error.message);
      throw error;
    }
  }
}
