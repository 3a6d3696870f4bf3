import { Module } from '@nestjs/common';
import { AppConfig } from '../config';
import { OpenIdXeroIdentityGateway } from './openid-xero-identity.gateway';
import { XeroAccountingGateway } from './xero-accounting.gateway';
import { XeroIdentityGateway } from './xero-identity.gateway';
import { XeroNodeAccountingGateway } from './xero-node-accounting.gateway';
import { XeroPacer } from './xero-pacer';

@Module({
  providers: [
    // One pacer for the process: every caller's calls to an organisation share its limits.
    {
      provide: XeroPacer,
      useFactory: (config: AppConfig) => new XeroPacer({ perMinute: config.xero.callsPerMinute }),
      inject: [AppConfig],
    },
    { provide: XeroIdentityGateway, useClass: OpenIdXeroIdentityGateway },
    { provide: XeroAccountingGateway, useClass: XeroNodeAccountingGateway },
  ],
  exports: [XeroIdentityGateway, XeroAccountingGateway],
})
export class XeroModule {}
