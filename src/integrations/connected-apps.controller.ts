import { Controller, Get, Render } from '@nestjs/common';
import { AccountOwnerOnly, AuthenticatedUser, CurrentUser } from '../common';
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
}
