import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AccountOwnerOnly,
  AuthenticatedUser,
  CurrentUser,
  DomainError,
  flash,
  NotFoundError,
  UuidPipe,
} from '../common';
import { XeroError } from '../xero';
import { CallbackOutcome, CallbackQuery, XeroConnectService } from './xero-connect.service';

export const MANAGE_XERO = '/settings/integrations/xero';
export const CONNECTION_SUCCESSFUL = 'Connection Successful!';

/** The OAuth round trip with Xero and the choices it may need. Account Owner only, every method. */
@AccountOwnerOnly()
@Controller('settings/integrations/xero')
export class XeroConnectController {
  constructor(private readonly connect: XeroConnectService) {}

  /** Connect and Reconnect: off to Xero's consent page. */
  @Post('connect')
  async start(@CurrentUser() user: AuthenticatedUser, @Req() req: Request, @Res() res: Response) {
    try {
      res.redirect(303, await this.connect.startConsent(user, req.sessionID));
    } catch (error) {
      if (!(error instanceof XeroError)) throw error;
      flash(
        req,
        'error',
        'Xero could not be reached, so the connection could not start. Please try again in a few minutes.',
      );
      res.redirect(303, MANAGE_XERO);
    }
  }

  @Get('callback')
  async callback(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: CallbackQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.explainRefusal(req, () =>
      this.connect.handleCallback(user, req.sessionID, query),
    );
    this.follow(outcome, req, res);
  }

  @Get('choose/:pendingId')
  @Render('xero-auth/choose-organisation')
  async choosePage(@CurrentUser() user: AuthenticatedUser, @Param('pendingId', UuidPipe) pendingId: string) {
    const pending = await this.connect.pending(user, pendingId);
    return { title: 'Choose the Xero organisation', pendingId, organisations: pending.organisations };
  }

  @Post('choose/:pendingId')
  async choose(
    @CurrentUser() user: AuthenticatedUser,
    @Param('pendingId', UuidPipe) pendingId: string,
    @Body('connectionId') connectionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.follow(
      await this.explainRefusal(req, () => this.connect.choose(user, pendingId, String(connectionId ?? ''))),
      req,
      res,
    );
  }

  @Get('confirm/:pendingId')
  @Render('xero-auth/confirm-change')
  async confirmPage(@CurrentUser() user: AuthenticatedUser, @Param('pendingId', UuidPipe) pendingId: string) {
    const pending = await this.connect.pending(user, pendingId);
    const chosen = pending.organisations.find((o) => o.connectionId === pending.chosenConnectionId);
    return { title: 'Link a different organisation?', pendingId, chosen };
  }

  @Post('confirm/:pendingId')
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Param('pendingId', UuidPipe) pendingId: string,
    @Body('decision') decision: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (decision !== 'change') {
      await this.connect.cancelChange(user, pendingId);
      flash(req, 'info', 'Nothing changed: the LRM stays linked to the same Xero organisation.');
      return res.redirect(303, MANAGE_XERO);
    }
    this.follow(await this.explainRefusal(req, () => this.connect.confirmChange(user, pendingId)), req, res);
  }

  @Post('disconnect')
  async disconnect(@CurrentUser() user: AuthenticatedUser, @Req() req: Request, @Res() res: Response) {
    if (!(await this.connect.isLinked(user))) {
      flash(req, 'info', 'Xero is not connected, so there was nothing to disconnect.');
      return res.redirect(303, MANAGE_XERO);
    }
    const { reachedXero } = await this.connect.disconnect(user);
    flash(
      req,
      reachedXero ? 'success' : 'warning',
      reachedXero
        ? 'Xero is disconnected. Nothing will sync until you connect again; links and history are kept.'
        : 'Xero could not be reached, so the app was disconnected in the LRM only. To finish, remove the LRM ' +
            'under Settings > Connected apps in Xero.',
    );
    res.redirect(303, MANAGE_XERO);
  }

  private follow(outcome: CallbackOutcome | undefined, req: Request, res: Response): void {
    switch (outcome?.kind) {
      case 'linked':
        flash(req, 'success', CONNECTION_SUCCESSFUL);
        return res.redirect(303, MANAGE_XERO);
      case 'choose':
        return res.redirect(303, `${MANAGE_XERO}/choose/${outcome.pendingId}`);
      case 'confirm-change':
        return res.redirect(303, `${MANAGE_XERO}/confirm/${outcome.pendingId}`);
      case 'no-organisation':
        flash(
          req,
          'warning',
          'Your Xero user has no organisation to connect. Ask the organisation’s Xero adviser to invite you ' +
            '(with the Standard or Adviser role), or sign in to Xero as a user who has access, then Connect again.',
        );
        return res.redirect(303, MANAGE_XERO);
      case 'cancelled':
        flash(
          req,
          'info',
          'You cancelled at Xero, so nothing was connected. Connect again whenever you are ready.',
        );
        return res.redirect(303, MANAGE_XERO);
      default:
        return res.redirect(303, MANAGE_XERO);
    }
  }

  /** A refused round trip goes back to the Manage page with the reason; nothing was stored. */
  private async explainRefusal(req: Request, action: () => Promise<CallbackOutcome>) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      flash(req, 'error', error.message);
      return undefined;
    }
  }
}
