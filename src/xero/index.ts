export { XeroAccountingGateway } from './xero-accounting.gateway';
export * from './xero.errors';
export { XeroIdentityGateway } from './xero-identity.gateway';
export { XeroModule } from './xero.module';
export { XeroPacer } from './xero-pacer';
export type { PacerClock, XeroPacerOptions } from './xero-pacer';
export * from './xero.types';
