export { SandboxBootstrapService } from './sandbox-bootstrap.service';
export { SandboxCounters } from './sandbox-counters';
export { DEMO_TENANT_ID, NORTHWIND_TENANT_ID, SANDBOX_PASSWORD, SANDBOX_USERS } from './sandbox.seed';
export { XeroSandboxModule } from './xero-sandbox.module';
export { createSandboxApp, XeroSandboxStandaloneModule } from './xero-sandbox-standalone.module';
