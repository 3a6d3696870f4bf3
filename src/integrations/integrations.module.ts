import { Module } from '@nestjs/common';
import { XeroModule } from '../xero';
import { XeroAuthModule } from '../xero-auth';
import { ConnectedAppsController } from './connected-apps.controller';
import { IntegrationsService } from './integrations.service';

@Module({
  imports: [XeroAuthModule, XeroModule],
  controllers: [ConnectedAppsController],
  providers: [IntegrationsService],
})
export class IntegrationsModule {}
