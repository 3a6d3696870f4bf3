import { Injectable } from '@nestjs/common';
import { formatDateTime, ROLE_LABELS } from '../common';
import { AppConfig } from '../config';
import { ACTIVE_RUN_STATUSES, SyncRunsService, SyncTrigger } from '../sync';
import { XeroAccountingGateway, XeroError } from '../xero';
import {
  XeroConnection,
  XeroConnectionEventKind,
  XeroConnectionService,
  XeroConnectionStatus,
  XeroNotConnectedError,
  XeroTokensService,
} from '../xero-auth';
import { runJson, runPage, runRow } from './sync-runs.view-model';

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
    private readonly runs: SyncRunsService,
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

  /**
   * From the LRM's own records: the organisation's details are stored with the connection and refreshed by
   * every sync run, so Xero is asked only once, on the first view after connecting.
   */
  async manageXero(accountId: string, timeZone: string) {
    const when = (date?: Date) => formatDateTime(date, timeZone);
    const before = await this.connections.find(accountId);
    const fetched =
      before?.status === XeroConnectionStatus.Connected && !before.organisation
        ? await this.fetchOrganisation(before)
        : undefined;
    // Asking Xero also tells whether it still accepts the connection (revoked in Xero, say).
    const connection = fetched ? await this.connections.find(accountId) : before;
    const status = connection?.status ?? XeroConnectionStatus.Disconnected;
    const history = await this.connections.history(accountId);
    const connected = status === XeroConnectionStatus.Connected;
    const runs = await this.runs.history(accountId);
    return {
      title: 'Manage Xero',
      status: STATUS_LABELS[status],
      connected,
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
      organisation: connected ? connection?.organisation : undefined,
      organisationUnavailable: fetched?.unavailable,
      organisationRefreshedAt: when(connection?.organisationRefreshedAt),
      activeRun: runs.find((r) => ACTIVE_RUN_STATUSES.includes(r.status))?.id,
      runs: runs.map((run) => runRow(run, timeZone)),
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

  private async fetchOrganisation(connection: XeroConnection): Promise<{ unavailable?: string }> {
    try {
      await this.tokens.withAccess(connection.account.id, async (access) => {
        const details = await this.accounting.getOrganisation(access);
        await this.connections.recordOrganisation(connection.account.id, access.tenantId, details);
      });
      return {};
    } catch (error) {
      if (error instanceof XeroError || error instanceof XeroNotConnectedError) {
        return { unavailable: 'The organisation’s details could not be loaded from Xero just now.' };
      }
      throw error;
    }
  }

  /** Sync now: one run for the account (or the one already under way). */
  requestSync(accountId: string, userId: string) {
    return this.runs.request(accountId, { trigger: SyncTrigger.Manual, userId });
  }

  async runPage(accountId: string, runId: string, timeZone: string) {
    const run = await this.runs.get(accountId, runId);
    return runPage(run, await this.runs.issues(accountId, runId), timeZone);
  }

  async runJson(accountId: string, runId: string) {
    return runJson(await this.runs.get(accountId, runId));
  }
}
