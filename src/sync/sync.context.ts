import type { EntityManager } from '@mikro-orm/postgresql';
import type { XeroAccess, XeroCallMeter } from '../xero';
import type { BatchOutcome } from './sync-run.recorder';
import type { StreamCounts, SyncRun } from './sync-run.entity';

/** What a syncer gets for one run: Xero access for the account, the run's bookkeeping, and its scope. */
export interface SyncContext {
  run: SyncRun;
  accountId: string;
  /** Every record, not only the changed ones (a re-sync). */
  full: boolean;
  /** A one-record run: only these local ids. */
  recordIds?: string[];
  batchSize: number;
  meter: XeroCallMeter;
  /** Runs a Xero call with the account's access (refreshed as needed) and the run's meter. */
  xero<T>(call: (access: XeroAccess) => Promise<T>): Promise<T>;
  /** Stores a batch's links and figures in one transaction, then announces its records. */
  commitBatch(
    stream: string,
    outcome: BatchOutcome,
    write: (em: EntityManager) => Promise<void>,
  ): Promise<void>;
  /** Throws when the instance is shutting down, between batches. */
  checkpoint(): void;
}

/** One stream of a run. Never throws for one bad record: those become failures and the run goes on. */
export interface Syncer {
  readonly stream: string;
  run(ctx: SyncContext): Promise<StreamCounts>;
}
