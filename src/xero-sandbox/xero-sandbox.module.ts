import { Module } from '@nestjs/common';
import { SandboxAccountingController } from './sandbox-accounting.controller';
import { SandboxApiAuthService } from './sandbox-api-auth.service';
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
import { SandboxStore } from './sandbox.store';

/** The built-in Xero emulator, mounted under /xero-sandbox in sandbox mode only. */
@Module({
  controllers: [
    SandboxIdentityController,
    SandboxLoginController,
    SandboxConnectionsController,
    SandboxAccountingController,
  ],
  providers: [
    SandboxStore,
    SandboxKeysService,
    SandboxCounters,
    SandboxIdentityService,
    SandboxBootstrapService,
    SandboxApiAuthService,
    SandboxIdempotencyService,
    SandboxSettingsService,
    SandboxContactsService,
    SandboxInvoicesService,
    SandboxPaymentsService,
  ],
  exports: [SandboxCounters, SandboxBootstrapService],
})
export class XeroSandboxModule {}
