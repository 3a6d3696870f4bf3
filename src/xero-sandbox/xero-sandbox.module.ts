import { Module } from '@nestjs/common';
import { SandboxBootstrapService } from './sandbox-bootstrap.service';
import { SandboxConnectionsController } from './sandbox-connections.controller';
import { SandboxCounters } from './sandbox-counters';
import { SandboxIdentityController } from './sandbox-identity.controller';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxKeysService } from './sandbox-keys.service';
import { SandboxLoginController } from './sandbox-login.controller';
import { SandboxStore } from './sandbox.store';

/** The built-in Xero emulator, mounted under /xero-sandbox in sandbox mode only. */
@Module({
  controllers: [SandboxIdentityController, SandboxLoginController, SandboxConnectionsController],
  providers: [
    SandboxStore,
    SandboxKeysService,
    SandboxCounters,
    SandboxIdentityService,
    SandboxBootstrapService,
  ],
  exports: [SandboxCounters, SandboxBootstrapService],
})
export class XeroSandboxModule {}
