/** Xero no longer accepts the account's connection: the owner must reconnect. Alerts listen to this. */
export class XeroConnectionNeedsReconnect {
  static readonly event = 'xero.connection.needs-reconnect';

  constructor(
    readonly accountId: string,
    readonly tenantName: string | undefined,
    readonly reason: string,
  ) {}
}
