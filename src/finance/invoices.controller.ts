import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AuthenticatedUser,
  ConflictError,
  CurrentUser,
  DomainError,
  FieldErrors,
  ALREADY_RECORDED,
  flash,
  newFormToken,
  NotFoundError,
  Role,
  Roles,
  SignedIn,
  SubmitOnceService,
  UuidPipe,
  validateForm,
} from '../common';
import { LearnersService } from '../learners';
import { VoidFormDto } from './dto/invoice-form.dto';
import { FinanceFieldError } from './finance.errors';
import { InvoiceListService } from './invoice-list.service';
import { submittedLines, validateInvoiceForm, MAX_LINES } from './invoice-form';
import { assertEditable, InvoicesService } from './invoices.service';
import {
  BLANK_LINE,
  canWrite,
  editInvoiceMode,
  invoiceDetails,
  invoiceFormValues,
  invoiceFormView,
  invoiceListView,
  parseInvoiceFilter,
} from './invoices.view-model';
import { formatCents } from './money';

const WRITERS = [Role.Owner, Role.Admin, Role.Finance];

@SignedIn()
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly invoiceList: InvoiceListService,
    private readonly learners: LearnersService,
    private readonly submissions: SubmitOnceService,
  ) {}

  @Get()
  @Render('finance/list')
  async list(@CurrentUser() me: AuthenticatedUser, @Query() raw: Record<string, unknown>) {
    const filter = parseInvoiceFilter(raw);
    const [page, currency] = await Promise.all([
      this.invoiceList.list(me.accountId, filter),
      this.invoices.currency(me.accountId),
    ]);
    return { title: 'Invoices', ...invoiceListView(page, filter, currency), canWrite: canWrite(me) };
  }

  @Roles(...WRITERS)
  @Get('new')
  @Render('finance/form')
  async newInvoice(@CurrentUser() me: AuthenticatedUser, @Query('learner') learner?: string) {
    const [learners, dates] = await Promise.all([
      this.learners.choices(me.accountId),
      this.invoices.defaultDates(me.accountId),
    ]);
    const values = { ...dates, learner, status: 'awaiting_payment', formToken: newFormToken() };
    return invoiceFormView(learners, values, [BLANK_LINE, { ...BLANK_LINE }, { ...BLANK_LINE }]);
  }

  @Roles(...WRITERS)
  @Post()
  async create(
    @CurrentUser() me: AuthenticatedUser,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const lines = submittedLines(body);
    const rerender = async (status: number, errors: FieldErrors = {}, lineErrors: FieldErrors[] = []) =>
      res
        .status(status)
        .render(
          'finance/form',
          invoiceFormView(await this.learners.choices(me.accountId), body, lines, errors, lineErrors),
        );
    // "Add another line" posts the form back with one more empty row, so it works without JavaScript.
    if (body.addLine !== undefined) {
      if (lines.length < MAX_LINES) lines.push({ ...BLANK_LINE });
      return rerender(200);
    }
    if (lines.length === 0) lines.push({ ...BLANK_LINE });
    const form = await validateInvoiceForm(body);
    if (!form.ok) return rerender(400, form.errors, form.lineErrors);
    try {
      const { location, replayed } = await this.submissions.once(me, body.formToken, async () => {
        const invoice = await this.invoices.create(me.accountId, form.value);
        flash(
          req,
          'success',
          `Invoice ${invoice.number} for ${invoice.currency} ${formatCents(invoice.totalCents)} was created.`,
        );
        return `/invoices/${invoice.id}`;
      });
      if (replayed) flash(req, 'info', ALREADY_RECORDED);
      return res.redirect(303, location);
    } catch (error) {
      if (error instanceof FinanceFieldError) return rerender(400, { [error.field]: error.message });
      throw error;
    }
  }

  @Roles(...WRITERS)
  @Get(':id/edit')
  async edit(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const invoice = await this.invoices.get(me.accountId, id);
    try {
      assertEditable(invoice);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      flash(req, 'error', error.message);
      return res.redirect(303, `/invoices/${id}`);
    }
    const { values, lines } = invoiceFormValues(invoice);
    const learners = await this.learners.choices(me.accountId, invoice.learner.id);
    return res.render(
      'finance/form',
      invoiceFormView(learners, values, lines, {}, [], editInvoiceMode(invoice)),
    );
  }

  @Roles(...WRITERS)
  @Post(':id')
  async update(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    // Loaded first so another account's invoice is a 404 whatever the form holds.
    const invoice = await this.invoices.get(me.accountId, id);
    const lines = submittedLines(body);
    const rerender = async (
      status: number,
      errors: FieldErrors = {},
      lineErrors: FieldErrors[] = [],
      problem?: string,
    ) =>
      res.status(status).render(
        'finance/form',
        invoiceFormView(
          await this.learners.choices(me.accountId, invoice.learner.id),
          // After a conflict the form carries the saved version, so saving again is a deliberate overwrite.
          { ...body, ...(problem ? { version: invoice.version } : {}) },
          lines,
          errors,
          lineErrors,
          editInvoiceMode(invoice, problem),
        ),
      );
    if (body.addLine !== undefined) {
      if (lines.length < MAX_LINES) lines.push({ ...BLANK_LINE });
      return rerender(200);
    }
    if (lines.length === 0) lines.push({ ...BLANK_LINE });
    const form = await validateInvoiceForm(body);
    if (!form.ok) return rerender(400, form.errors, form.lineErrors);
    try {
      const saved = await this.invoices.update(me.accountId, id, form.value, Number(body.version));
      flash(
        req,
        'success',
        `Invoice ${saved.number} was saved: ${saved.currency} ${formatCents(saved.totalCents)}.`,
      );
      return res.redirect(303, `/invoices/${id}`);
    } catch (error) {
      if (error instanceof FinanceFieldError) return rerender(400, { [error.field]: error.message });
      if (error instanceof ConflictError) return rerender(409, {}, [], error.message);
      throw error;
    }
  }

  @Get(':id')
  @Render('finance/show')
  async show(@CurrentUser() me: AuthenticatedUser, @Param('id', UuidPipe) id: string) {
    const invoice = await this.invoices.get(me.accountId, id);
    return { title: `Invoice ${invoice.number}`, invoice: invoiceDetails(invoice), canWrite: canWrite(me) };
  }

  @Roles(...WRITERS)
  @Get(':id/void')
  @Render('finance/void')
  async confirmVoid(@CurrentUser() me: AuthenticatedUser, @Param('id', UuidPipe) id: string) {
    const invoice = await this.invoices.get(me.accountId, id);
    return { title: `Void invoice ${invoice.number}`, invoice: invoiceDetails(invoice) };
  }

  @Roles(...WRITERS)
  @Post(':id/void')
  async void(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const invoice = await this.invoices.get(me.accountId, id);
    const form = await validateForm(VoidFormDto, body);
    if (!form.ok) {
      flash(req, 'error', form.errors.confirm ?? form.errors.version);
      return res.redirect(303, `/invoices/${id}/void`);
    }
    try {
      await this.invoices.void(me.accountId, id, form.value.version);
      flash(req, 'success', `Invoice ${invoice.number} is voided; nothing is owed on it.`);
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      flash(req, 'error', error.message);
    }
    return res.redirect(303, `/invoices/${id}`);
  }
}
