export { XeroAccountingGateway } from './xero-accounting.gateway';
export * from './xero.errors';
export { XeroIdentityGateway } from './xero-identity.gateway';
export { XeroModule } from './xero.module';
export * from './xero.types';
