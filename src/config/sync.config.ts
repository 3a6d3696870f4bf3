import type { Environment } from './environment';

/** How this instance takes part in the sync engine. */
export interface SyncConfig {
  /** Whether this instance runs sync jobs; `false` serves pages only. */
  workers: boolean;
  /** Records per Xero write (Xero recommends about 50). */
  batchSize: number;
  /** How long a job may stay active before pg-boss hands it to another worker (a worker that died). */
  jobExpireSeconds: number;
  /** A running run whose worker wrote no progress for this long is taken over by the next attempt. */
  staleAfterSeconds: number;
  /** How often pg-boss looks for expired jobs. */
  maintenanceSeconds: number;
  /** How often an idle worker asks for a job. */
  pollingSeconds: number;
  /** Attempts of a run's job before the run is marked failed (transient failures only). */
  retryLimit: number;
  /** Seconds before the first retry of a failed job; doubles with each attempt. */
  retryDelaySeconds: number;
}

export function buildSyncConfig(env: Environment): SyncConfig {
  return {
    workers: (env.SYNC_WORKERS ?? 'true') === 'true',
    batchSize: env.SYNC_BATCH_SIZE ?? 50,
    jobExpireSeconds: env.SYNC_JOB_EXPIRE_SECONDS ?? 600,
    staleAfterSeconds: env.SYNC_STALE_AFTER_SECONDS ?? 120,
    maintenanceSeconds: env.SYNC_MAINTENANCE_SECONDS ?? 60,
    pollingSeconds: env.SYNC_POLLING_SECONDS ?? 2,
    retryLimit: env.SYNC_RETRY_LIMIT ?? 5,
    retryDelaySeconds: env.SYNC_RETRY_DELAY_SECONDS ?? 30,
  };
}
