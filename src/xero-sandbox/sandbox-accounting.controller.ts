import { Controller, Get, Param, Post, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common';
import { SandboxApiAuthService } from './sandbox-api-auth.service';
import { ApiResult } from './sandbox-batch';
import { ContactQuery, SandboxContactsService } from './sandbox-contacts.service';
import { SandboxExceptionFilter } from './sandbox-exception.filter';
import { SandboxIdempotencyService } from './sandbox-idempotency.service';
import { InvoiceQuery, SandboxInvoicesService } from './sandbox-invoices.service';
import { modifiedSince } from './sandbox-json';
import { PaymentQuery, SandboxPaymentsService } from './sandbox-payments.service';
import { SandboxSettingsService } from './sandbox-settings.service';

const summarize = (req: Request) => String(req.query.summarizeErrors ?? 'true').toLowerCase() !== 'false';
const since = (req: Request) => modifiedSince(req.header('if-modified-since'));

function send(res: Response, result: ApiResult): void {
  res.status(result.status).json(result.body);
}

/** api.xero.com/api.xro/2.0: the accounting endpoints the product uses. */
@Public()
@Controller('xero-sandbox/api/api.xro/2.0')
@UseFilters(SandboxExceptionFilter)
export class SandboxAccountingController {
  constructor(
    private readonly auth: SandboxApiAuthService,
    private readonly idempotency: SandboxIdempotencyService,
    private readonly settings: SandboxSettingsService,
    private readonly contacts: SandboxContactsService,
    private readonly invoices: SandboxInvoicesService,
    private readonly payments: SandboxPaymentsService,
  ) {}

  @Get('Organisation')
  organisation(@Req() req: Request, @Res() res: Response) {
    send(res, this.settings.organisationJson(this.auth.tenantOf(req)));
  }

  @Get('Accounts')
  accounts(@Req() req: Request, @Res() res: Response, @Query('where') where?: string) {
    send(res, this.settings.accountsJson(this.auth.tenantOf(req), where, since(req)));
  }

  @Get('TaxRates')
  taxRates(@Req() req: Request, @Res() res: Response, @Query('where') where?: string) {
    this.auth.tenantOf(req);
    send(res, this.settings.taxRatesJson(where));
  }

  @Get('Contacts')
  listContacts(@Req() req: Request, @Res() res: Response, @Query() query: ContactQuery) {
    send(res, this.contacts.list(this.auth.tenantOf(req), query, since(req)));
  }

  @Get('Contacts/:id')
  getContact(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    send(res, this.contacts.get(this.auth.tenantOf(req), id));
  }

  @Put('Contacts')
  async createContacts(@Req() req: Request, @Res() res: Response) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () => this.contacts.write(tenantId, req.body, summarize(req), 'PUT')),
    );
  }

  @Post('Contacts')
  async updateOrCreateContacts(@Req() req: Request, @Res() res: Response) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () => this.contacts.write(tenantId, req.body, summarize(req), 'POST')),
    );
  }

  @Post('Contacts/:id')
  async updateContact(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const tenantId = this.auth.tenantOf(req);
    const body = { Contacts: [{ ...firstElement(req.body, 'Contacts'), ContactID: id }] };
    send(res, await this.write(req, tenantId, () => this.contacts.write(tenantId, body, true, 'POST')));
  }

  @Get('Invoices')
  listInvoices(@Req() req: Request, @Res() res: Response, @Query() query: InvoiceQuery) {
    send(res, this.invoices.list(this.auth.tenantOf(req), query, since(req)));
  }

  @Get('Invoices/:id')
  getInvoice(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    send(res, this.invoices.get(this.auth.tenantOf(req), id));
  }

  @Get('Invoices/:id/OnlineInvoice')
  onlineInvoice(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    send(res, this.invoices.onlineInvoice(this.auth.tenantOf(req), id));
  }

  @Put('Invoices')
  async createInvoices(@Req() req: Request, @Res() res: Response) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () => this.invoices.write(tenantId, req.body, summarize(req), 'PUT')),
    );
  }

  @Post('Invoices')
  async updateOrCreateInvoices(@Req() req: Request, @Res() res: Response) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () => this.invoices.write(tenantId, req.body, summarize(req), 'POST')),
    );
  }

  @Post('Invoices/:id')
  async updateInvoice(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () =>
        this.invoices.write(tenantId, { Invoices: [firstElement(req.body, 'Invoices')] }, true, 'POST', id),
      ),
    );
  }

  @Get('Payments')
  listPayments(@Req() req: Request, @Res() res: Response, @Query() query: PaymentQuery) {
    send(res, this.payments.list(this.auth.tenantOf(req), query, since(req)));
  }

  @Get('Payments/:id')
  getPayment(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    send(res, this.payments.get(this.auth.tenantOf(req), id));
  }

  /** xero-node's createPayment (a single payment) posts to the collection. */
  @Post('Payments')
  createPayment(@Req() req: Request, @Res() res: Response) {
    return this.createPayments(req, res);
  }

  @Put('Payments')
  async createPayments(@Req() req: Request, @Res() res: Response) {
    const tenantId = this.auth.tenantOf(req);
    send(
      res,
      await this.write(req, tenantId, () => this.payments.create(tenantId, req.body, summarize(req))),
    );
  }

  @Post('Payments/:id')
  async deletePayment(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const tenantId = this.auth.tenantOf(req);
    send(res, await this.write(req, tenantId, () => this.payments.remove(tenantId, id, req.body)));
  }

  private write(req: Request, tenantId: string, work: () => Promise<ApiResult>): Promise<ApiResult> {
    return this.idempotency.run(
      tenantId,
      req.header('idempotency-key'),
      { method: req.method, path: req.originalUrl, body: req.body },
      work,
    );
  }
}

function firstElement(body: unknown, collection: string): Record<string, unknown> {
  const list = (body as Record<string, unknown> | undefined)?.[collection];
  if (Array.isArray(list) && list[0] && typeof list[0] === 'object')
    return list[0] as Record<string, unknown>;
  return (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
}
