import { Controller, Get, Render } from '@nestjs/common';
import { AuthenticatedUser, CurrentUser, Role, SignedIn } from '../common';
import { XeroConnectionService, XeroConnectionStatus } from '../xero-auth';

@SignedIn()
@Controller()
export class DashboardController {
  constructor(private readonly xero: XeroConnectionService) {}

  @Get()
  @Render('dashboard/index')
  async index(@CurrentUser() user: AuthenticatedUser) {
    const connection = await this.xero.find(user.accountId);
    return {
      title: 'Dashboard',
      isOwner: user.role === Role.Owner,
      xero: {
        connected: connection?.status === XeroConnectionStatus.Connected,
        needsReconnect: connection?.status === XeroConnectionStatus.NeedsReconnect,
        tenantName: connection?.tenantName,
      },
    };
  }
}
