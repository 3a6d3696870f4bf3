import { Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccountOwnerOnly, AuthenticatedUser, CurrentUser, flash, UuidPipe, wantsJson } from '../common';
import { IntegrationsService } from './integrations.service';

/** Settings > Integration > Connected Apps and the Manage Xero page. Account Owner only. */
@AccountOwnerOnly()
@Controller('settings/integrations')
export class ConnectedAppsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @Render('integrations/connected-apps')
  catalogue(@CurrentUser() user: AuthenticatedUser) {
    return this.integrations.connectedApps(user.accountId);
  }

  @Get('xero')
  @Render('integrations/manage-xero')
  manage(@CurrentUser() user: AuthenticatedUser) {
    return this.integrations.manageXero(user.accountId, user.timeZone);
  }

  @Get('xero/disconnect')
  @Render('integrations/disconnect-xero')
  confirmDisconnect(@CurrentUser() user: AuthenticatedUser) {
    return this.integrations.disconnectPrompt(user.accountId);
  }

  /** Sync now: queues a run (or finds the one under way) and shows its page. */
  @Post('xero/sync')
  async syncNow(@CurrentUser() user: AuthenticatedUser, @Req() req: Request, @Res() res: Response) {
    const { run, created } = await this.integrations.requestSync(user.accountId, user.id);
    flash(
      req,
      created ? 'success' : 'info',
      created ? 'Sync started. This page shows its progress.' : 'A sync is already under way: here it is.',
    );
    res.redirect(303, `/settings/integrations/xero/runs/${run.id}`);
  }

  /** A run's page; `Accept: application/json` answers its status and figures. */
  @Get('xero/runs/:runId')
  async run(
    @CurrentUser() user: AuthenticatedUser,
    @Param('runId', UuidPipe) runId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (wantsJson(req)) {
      res.json(await this.integrations.runJson(user.accountId, runId));
      return;
    }
    res.render(
      'integrations/sync-run',
      await this.integrations.runPage(user.accountId, runId, user.timeZone),
    );
  }
}
