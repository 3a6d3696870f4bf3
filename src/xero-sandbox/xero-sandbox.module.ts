import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { SandboxAdminController } from './sandbox-admin.controller';
import { SandboxAccountingController } from './sandbox-accounting.controller';
import { SandboxApiAuthService } from './sandbox-api-auth.service';
import { SandboxAppController } from './sandbox-app.controller';
import { SandboxAppSession } from './sandbox-app-session';
import { SandboxAppService } from './sandbox-app.service';
import { SandboxBootstrapService } from './sandbox-bootstrap.service';
import { SandboxConnectionsController } from './sandbox-connections.controller';
import { SandboxContactsService } from './sandbox-contacts.service';
import { SandboxCounters } from './sandbox-counters';
import { SandboxIdempotencyService } from './sandbox-idempotency.service';
import { SandboxIdentityController } from './sandbox-identity.controller';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxInvoicesService } from './sandbox-invoices.service';
import { SandboxKeysService } from './sandbox-keys.service';
import { SandboxLoginController } from './sandbox-login.controller';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { SandboxSettingsService } from './sandbox-settings.service';
import { SandboxTrafficMiddleware } from './sandbox-traffic.middleware';
import { SandboxTrafficService } from './sandbox-traffic.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { SandboxStore } from './sandbox.store';

/** The built-in Xero emulator, mounted under /xero-sandbox in sandbox mode only. */
@Module({
  controllers: [
    SandboxIdentityController,
    SandboxLoginController,
    SandboxConnectionsController,
    SandboxAccountingController,
    SandboxAdminController,
    SandboxAppController,
  ],
  providers: [
    SandboxStore,
    SandboxKeysService,
    SandboxCounters,
    SandboxIdentityService,
    SandboxTokensService,
    SandboxBootstrapService,
    SandboxApiAuthService,
    SandboxIdempotencyService,
    SandboxSettingsService,
    SandboxContactsService,
    SandboxInvoicesService,
    SandboxPaymentsService,
    SandboxTrafficService,
    SandboxAppService,
    SandboxAppSession,
  ],
  exports: [SandboxCounters, SandboxBootstrapService, SandboxTrafficService],
})
export class XeroSandboxModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SandboxTrafficMiddleware)
      .forRoutes({ path: 'xero-sandbox/api/api.xro/2.0/{*path}', method: RequestMethod.ALL });
  }
}
