export { TokenCipher } from './token-cipher';
export { CONNECTION_SUCCESSFUL, MANAGE_XERO } from './xero-connect.controller';
export { XeroNotConnectedError } from './xero-auth.errors';
export { XeroConnectionNeedsReconnect } from './xero-auth.events';
export { XeroAuthModule } from './xero-auth.module';
export { XeroConnectionEvent, XeroConnectionEventKind } from './xero-connection-event.entity';
export { XeroConnection, XeroConnectionStatus } from './xero-connection.entity';
export { XeroConnectionService } from './xero-connection.service';
export { XeroTokensService } from './xero-tokens.service';
