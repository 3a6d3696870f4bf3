/** Where the owner fixes a failure: in the LRM, in Xero, or nowhere (temporary, retried automatically). */
export type FixIn = 'lrm' | 'xero' | 'temporary';

export type SyncRecordKind = 'contact';

/** A record did not sync. Emitted after the run stored it; alerts listen. */
export class SyncRecordFailed {
  static readonly event = 'sync.record.failed';

  constructor(
    readonly accountId: string,
    readonly runId: string,
    readonly kind: SyncRecordKind,
    readonly localId: string,
    readonly label: string,
    readonly message: string,
    readonly hint: string,
    readonly fixIn: FixIn,
    readonly xeroMessage?: string,
    readonly xeroId?: string,
  ) {}
}

/** A record is in Xero as the LRM has it. */
export class SyncRecordSucceeded {
  static readonly event = 'sync.record.succeeded';

  constructor(
    readonly accountId: string,
    readonly runId: string,
    readonly kind: SyncRecordKind,
    readonly localId: string,
    readonly xeroId: string,
  ) {}
}
