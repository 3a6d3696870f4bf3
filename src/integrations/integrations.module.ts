import { Module } from '@nestjs/common';
import { SyncModule } from '../sync';
import { XeroModule } from '../xero';
import { XeroAuthModule } from '../xero-auth';
import { ConnectedAppsController } from './connected-apps.controller';
import { IntegrationsService } from './integrations.service';

@Module({
  imports: [XeroAuthModule, XeroModule, SyncModule],
  controllers: [ConnectedAppsController],
  providers: [IntegrationsService],
})
export class IntegrationsModule {}
