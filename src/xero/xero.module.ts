import { Module } from '@nestjs/common';
import { OpenIdXeroIdentityGateway } from './openid-xero-identity.gateway';
import { XeroAccountingGateway } from './xero-accounting.gateway';
import { XeroIdentityGateway } from './xero-identity.gateway';
import { XeroNodeAccountingGateway } from './xero-node-accounting.gateway';

@Module({
  providers: [
    { provide: XeroIdentityGateway, useClass: OpenIdXeroIdentityGateway },
    { provide: XeroAccountingGateway, useClass: XeroNodeAccountingGateway },
  ],
  exports: [XeroIdentityGateway, XeroAccountingGateway],
})
export class XeroModule {}
