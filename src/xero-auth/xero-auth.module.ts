import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { XeroModule } from '../xero';
import { OAuthAttempt } from './oauth-attempt.entity';
import { PendingXeroLink } from './pending-xero-link.entity';
import { TokenCipher } from './token-cipher';
import { XeroConnectController } from './xero-connect.controller';
import { XeroConnectService } from './xero-connect.service';
import { XeroConnectionEvent } from './xero-connection-event.entity';
import { XeroConnection } from './xero-connection.entity';
import { XeroConnectionService } from './xero-connection.service';
import { XeroTokensService } from './xero-tokens.service';

@Module({
  imports: [
    MikroOrmModule.forFeature([XeroConnection, XeroConnectionEvent, OAuthAttempt, PendingXeroLink]),
    XeroModule,
  ],
  controllers: [XeroConnectController],
  providers: [TokenCipher, XeroTokensService, XeroConnectService, XeroConnectionService],
  exports: [XeroTokensService, XeroConnectionService, TokenCipher],
})
export class XeroAuthModule {}
