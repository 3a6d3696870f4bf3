import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundError, Public } from '../common';
import { SandboxAppSession, SANDBOX_APP_LOGIN } from './sandbox-app-session';
import { ActionOutcome, SandboxAppService } from './sandbox-app.service';
import { csrfToken, csrfValid } from './sandbox-csrf';
import { today } from './sandbox-clock';
import { SandboxIdentityService } from './sandbox-identity.service';

type Form = Record<string, string | undefined>;
type Page = 'contacts' | 'invoices' | 'payments' | 'settings' | 'connected-apps';

const NOTICES: Record<string, string> = {
  archived: 'Contact archived.',
  merged: 'Contacts merged.',
  raised: 'Invoice saved.',
  approved: 'Invoice approved.',
  voided: 'Invoice voided.',
  paid: 'Payment recorded.',
  'payment-deleted': 'Payment deleted.',
  'lock-dates': 'Lock dates saved.',
  revoked: 'Connection revoked: the app can no longer reach this organisation.',
};

const PAGES: { page: Page; label: string }[] = [
  { page: 'contacts', label: 'Contacts' },
  { page: 'invoices', label: 'Invoices' },
  { page: 'payments', label: 'Payments' },
  { page: 'settings', label: 'Lock dates' },
  { page: 'connected-apps', label: 'Connected apps' },
];

/**
 * The sandbox's small "Xero" for demos: contacts, invoices, payments, lock dates, connected apps. As in Xero, a
 * sandbox Xero user signs in and sees only their own organisations.
 */
@Public()
@Controller('xero-sandbox/app')
export class SandboxAppController {
  constructor(
    private readonly app: SandboxAppService,
    private readonly session: SandboxAppSession,
    private readonly identity: SandboxIdentityService,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response) {
    const user = this.session.require(req);
    res.render('xero-sandbox/app-home', {
      title: 'Choose an organisation',
      csrf: csrfToken(req, res),
      email: user.email,
      organisations: this.app.organisations().filter((org) => user.tenantIds.includes(org.id)),
    });
  }

  @Get('login')
  loginPage(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response) {
    res.render('xero-sandbox/app-login', {
      title: 'Log in to Xero',
      csrf: csrfToken(req, res),
      next: SandboxAppSession.nextPath(next),
    });
  }

  @Post('login')
  login(@Body() form: Form, @Req() req: Request, @Res() res: Response) {
    const csrf = csrfToken(req, res);
    const next = SandboxAppSession.nextPath(form.next);
    if (!csrfValid(req, form._csrf)) {
      res.status(403).render('xero-sandbox/app-login', {
        title: 'Log in to Xero',
        csrf,
        next,
        error: 'This form has expired. Try logging in again.',
      });
      return;
    }
    const user = this.identity.signIn(form.email ?? '', form.password ?? '');
    if (!user) {
      res.status(401).render('xero-sandbox/app-login', {
        title: 'Log in to Xero',
        csrf,
        next,
        email: form.email,
        error: 'Your email or password is incorrect',
      });
      return;
    }
    this.session.start(res, user);
    res.redirect(303, next);
  }

  @Post('logout')
  logout(@Body() form: Form, @Req() req: Request, @Res() res: Response) {
    if (csrfValid(req, form._csrf)) this.session.end(res);
    res.redirect(303, SANDBOX_APP_LOGIN);
  }

  @Get('invoices/:id/online')
  online(@Param('id') id: string, @Res() res: Response) {
    res.render('xero-sandbox/online-invoice', { title: 'Invoice', ...this.app.onlineInvoice(id) });
  }

  @Get(':tenantId')
  organisation(@Param('tenantId') tenantId: string, @Req() req: Request, @Res() res: Response) {
    this.check(req, tenantId);
    res.redirect(303, `/xero-sandbox/app/${tenantId}/contacts`);
  }

  @Get(':tenantId/:page')
  show(
    @Param('tenantId') tenantId: string,
    @Param('page') page: string,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!PAGES.some((p) => p.page === page)) throw new NotFoundError('No such page');
    this.render(req, res, tenantId, page as Page, { notice: done ? NOTICES[done] : undefined });
  }

  @Post(':tenantId/contacts/:id/archive')
  async archive(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'contacts', form, 'archived', () => this.app.archiveContact(t, id));
  }

  @Post(':tenantId/contacts/merge')
  async merge(@Param('tenantId') t: string, @Body() form: Form, @Req() req: Request, @Res() res: Response) {
    await this.act(req, res, t, 'contacts', form, 'merged', () =>
      this.app.mergeContacts(t, form.fromId ?? '', form.intoId ?? ''),
    );
  }

  @Post(':tenantId/invoices')
  async raise(@Param('tenantId') t: string, @Body() form: Form, @Req() req: Request, @Res() res: Response) {
    await this.act(req, res, t, 'invoices', form, 'raised', () => this.app.raiseInvoice(t, form));
  }

  @Post(':tenantId/invoices/:id/approve')
  async approve(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'invoices', form, 'approved', () =>
      this.app.setInvoiceStatus(t, id, 'AUTHORISED'),
    );
  }

  @Post(':tenantId/invoices/:id/void')
  async void(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'invoices', form, 'voided', () => this.app.setInvoiceStatus(t, id, 'VOIDED'));
  }

  @Post(':tenantId/invoices/:id/payments')
  async pay(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'invoices', form, 'paid', () =>
      this.app.recordPayment(t, id, form.amount ?? '', form.date ?? ''),
    );
  }

  @Post(':tenantId/payments/:id/delete')
  async deletePayment(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'payments', form, 'payment-deleted', () => this.app.deletePayment(t, id));
  }

  @Post(':tenantId/settings/lock-dates')
  async lockDates(
    @Param('tenantId') t: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'settings', form, 'lock-dates', () =>
      this.app.setLockDates(t, form.periodLockDate || undefined, form.endOfYearLockDate || undefined),
    );
  }

  @Post(':tenantId/connected-apps/:id/revoke')
  async revoke(
    @Param('tenantId') t: string,
    @Param('id') id: string,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, t, 'connected-apps', form, 'revoked', () => this.app.revokeConnection(t, id));
  }

  /** Every change: the sandbox's own CSRF token, then the action, then a redirect (or the page with Xero's refusal). */
  private async act(
    req: Request,
    res: Response,
    tenantId: string,
    page: Page,
    form: Form,
    done: string,
    action: () => Promise<ActionOutcome>,
  ): Promise<void> {
    this.check(req, tenantId);
    if (!csrfValid(req, form._csrf)) {
      res.status(403);
      this.render(req, res, tenantId, page, {
        errors: ['This form has expired. Reload the page and try again.'],
      });
      return;
    }
    const result = await action();
    if (result.ok) {
      res.redirect(303, `/xero-sandbox/app/${tenantId}/${page}?done=${done}`);
      return;
    }
    res.status(400);
    this.render(req, res, tenantId, page, { errors: result.errors, form });
  }

  private render(
    req: Request,
    res: Response,
    tenantId: string,
    page: Page,
    extra: Record<string, unknown>,
  ): void {
    this.check(req, tenantId);
    const organisation = this.app.organisation(tenantId);
    const label = PAGES.find((p) => p.page === page)!.label;
    const data: Record<string, unknown> = {
      title: `${label} · ${organisation.name}`,
      csrf: csrfToken(req, res),
      organisation,
      base: `/xero-sandbox/app/${tenantId}`,
      sandboxNav: [
        { href: '/xero-sandbox/app', label: 'Organisations', active: false },
        ...PAGES.map((p) => ({
          href: `/xero-sandbox/app/${tenantId}/${p.page}`,
          label: p.label,
          active: p.page === page,
        })),
      ],
      ...extra,
    };
    if (page === 'contacts') data.contacts = this.app.contactList(tenantId);
    if (page === 'invoices') {
      data.invoices = this.app.invoiceList(tenantId);
      data.contacts = this.app.contactList(tenantId).filter((c) => c.active);
      data.accounts = this.app.revenueAccounts(tenantId);
      data.today = today();
    }
    if (page === 'payments') data.payments = this.app.paymentList(tenantId);
    if (page === 'connected-apps') data.connections = this.app.connections(tenantId);
    res.render(`xero-sandbox/app-${page}`, data);
  }

  /** Another user's organisation is "not found", as it is in Xero. */
  private check(req: Request, tenantId: string): void {
    const user = this.session.require(req);
    if (!this.app.exists(tenantId) || !user.tenantIds.includes(tenantId)) {
      throw new NotFoundError('No such organisation in the sandbox');
    }
  }
}
