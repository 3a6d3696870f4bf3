import { Injectable } from '@nestjs/common';
import { formatDateTime, ROLE_LABELS } from '../common';
import { AppConfig } from '../config';
import { XeroAccountingGateway, XeroError, XeroOrganisation } from '../xero';
import {
  XeroConnection,
  XeroConnectionEventKind,
  XeroConnectionService,
  XeroConnectionStatus,
  XeroNotConnectedError,
  XeroTokensService,
} from '../xero-auth';

const STATUS_LABELS: Record<XeroConnectionStatus, { label: string; badge: string }> = {
  [XeroConnectionStatus.Connected]: { label: 'Connected Successfully', badge: 'ok' },
  [XeroConnectionStatus.NeedsReconnect]: { label: 'Needs reconnect', badge: 'warn' },
  [XeroConnectionStatus.Disconnected]: { label: 'Disconnected', badge: 'err' },
};

const EVENT_LABELS: Record<XeroConnectionEventKind, string> = {
  [XeroConnectionEventKind.Connected]: 'Connected',
  [XeroConnectionEventKind.Reconnected]: 'Reconnected',
  [XeroConnectionEventKind.OrganisationChanged]: 'Linked a different organisation',
  [XeroConnectionEventKind.NeedsReconnect]: 'Xero stopped accepting the connection',
  [XeroConnectionEventKind.Disconnected]: 'Disconnected',
};

/** View models of Settings > Integration: the Connected Apps catalogue and the Manage Xero page. */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly connections: XeroConnectionService,
    private readonly tokens: XeroTokensService,
    private readonly accounting: XeroAccountingGateway,
  ) {}

  async connectedApps(accountId: string) {
    const connection = await this.connections.find(accountId);
    const linked =
      connection && connection.status !== XeroConnectionStatus.Disconnected ? connection : undefined;
    return {
      title: 'Connected Apps',
      xero: linked && { ...STATUS_LABELS[linked.status], tenantName: linked.tenantName },
      needsReconnect: linked?.status === XeroConnectionStatus.NeedsReconnect,
      sandbox: this.config.xero.mode === 'sandbox',
    };
  }

  /** The confirmation before Disconnect App: no call to Xero needed. */
  async disconnectPrompt(accountId: string) {
    const connection = await this.connections.find(accountId);
    const linked = !!connection && connection.status !== XeroConnectionStatus.Disconnected;
    return { title: 'Disconnect Xero?', tenantName: connection?.tenantName, linked };
  }

  async manageXero(accountId: string, timeZone: string) {
    const when = (date?: Date) => formatDateTime(date, timeZone);
    const before = await this.connections.find(accountId);
    // Asking Xero first also tells whether it still accepts the connection (revoked in Xero, say).
    const organisation =
      before?.status === XeroConnectionStatus.Connected ? await this.organisation(before) : undefined;
    const connection = organisation?.unavailable ? await this.connections.find(accountId) : before;
    const status = connection?.status ?? XeroConnectionStatus.Disconnected;
    const history = await this.connections.history(accountId);
    return {
      title: 'Manage Xero',
      status: STATUS_LABELS[status],
      connected: status === XeroConnectionStatus.Connected,
      needsReconnect: status === XeroConnectionStatus.NeedsReconnect,
      linked: status !== XeroConnectionStatus.Disconnected,
      tenantName: connection?.tenantName,
      connectedBy: connection?.connectedBy
        ? `${connection.connectedBy.name} (${ROLE_LABELS[connection.connectedBy.role]})`
        : undefined,
      connectedAt: when(connection?.connectedAt),
      lastRefreshedAt: when(connection?.lastRefreshedAt),
      lastError: connection?.lastError,
      scopes: connection?.scopes ?? [],
      organisation: status === XeroConnectionStatus.Connected ? organisation : undefined,
      history: history.map((event) => ({
        what: EVENT_LABELS[event.kind],
        tenantName: event.tenantName,
        who: event.user?.name ?? 'Automatic',
        when: when(event.occurredAt),
        detail: event.detail,
      })),
      sandbox: this.config.xero.mode === 'sandbox',
    };
  }

  /** Live details from Xero; a failure to fetch them is shown, never fatal to the page. */
  private async organisation(
    connection: XeroConnection,
  ): Promise<{ details?: XeroOrganisation; unavailable?: string }> {
    try {
      const details = await this.tokens.withAccess(connection.account.id, (access) =>
        this.accounting.getOrganisation(access),
      );
      return { details };
    } catch (error) {
      if (error instanceof XeroError || error instanceof XeroNotConnectedError) {
        return { unavailable: 'The organisation’s details could not be loaded from Xero just now.' };
      }
      throw error;
    }
  }
}
