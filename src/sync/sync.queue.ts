import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../config';
import { reportDatabaseError, withAdvisoryLock } from '../database';

export const SYNC_RUN_QUEUE = 'sync-run';
export const PG_BOSS_SCHEMA = 'pgboss';
/** Arbitrary, fixed: instances booting together set up the queue one at a time (it creates tables). */
const QUEUE_SETUP_LOCK = 74_201_515;
/** Concurrent runs (of different accounts) one instance works on. */
const WORKERS_PER_INSTANCE = 2;

export interface SyncRunJob {
  runId: string;
  accountId: string;
}

export interface SyncJobContext {
  retryCount: number;
  retryLimit: number;
}

export type SyncJobHandler = (job: SyncRunJob, context: SyncJobContext) => Promise<void>;

/**
 * The one owner of pg-boss: started with the app in its own schema, stopped on shutdown after the workers'
 * current jobs. Jobs are sent inside the caller's transaction, so a run row and its job commit together.
 */
@Injectable()
export class SyncQueue implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private boss?: PgBoss;
  private handler?: SyncJobHandler;

  constructor(
    private readonly config: AppConfig,
    private readonly orm: MikroORM,
  ) {}

  /** Registers the function that runs a job; workers start with the module when SYNC_WORKERS is on. */
  handle(handler: SyncJobHandler): void {
    this.handler = handler;
  }

  async onModuleInit(): Promise<void> {
    const { sync } = this.config;
    this.boss = new PgBoss({
      connectionString: this.orm.config.get('clientUrl'),
      schema: PG_BOSS_SCHEMA,
      max: 4,
      application_name: 'lrm-sync',
      supervise: sync.workers,
      schedule: false,
      maintenanceIntervalSeconds: sync.maintenanceSeconds,
    });
    // A lost database is one warning per outage (and pg-boss reconnects by itself), never a crash.
    this.boss.on('error', (error: Error) => reportDatabaseError(error, 'job queue'));
    const queue: PgBoss.Queue = {
      name: SYNC_RUN_QUEUE,
      // One active job per singleton key: one run per account (and so per Xero organisation) at a time.
      policy: 'singleton',
      retryLimit: sync.retryLimit,
      retryDelay: sync.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: sync.jobExpireSeconds,
    };
    const boss = this.boss;
    await withAdvisoryLock(
      this.orm.config.get('clientUrl')!,
      QUEUE_SETUP_LOCK,
      'job queue setup',
      async () => {
        await boss.start();
        await boss.createQueue(SYNC_RUN_QUEUE, queue);
        // The queue may come from an earlier boot: the configuration of the latest one applies.
        await boss.updateQueue(SYNC_RUN_QUEUE, queue);
      },
    );
  }

  /** After every module's init, so the job handler has registered itself. */
  async onApplicationBootstrap(): Promise<void> {
    const { sync } = this.config;
    if (sync.workers && this.handler) {
      for (let i = 0; i < WORKERS_PER_INSTANCE; i++) {
        await this.started().work<SyncRunJob>(
          SYNC_RUN_QUEUE,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: sync.pollingSeconds },
          async ([job]) =>
            this.handler!(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit }),
        );
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  /** Sends a run's job on the connection of `em`'s open transaction. */
  async send(em: EntityManager, job: SyncRunJob, startAfter?: Date): Promise<void> {
    await this.started().send(SYNC_RUN_QUEUE, job, {
      singletonKey: job.accountId,
      ...(startAfter ? { startAfter } : {}),
      db: transactionDb(em),
    });
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('The job queue has not started');
    return this.boss;
  }
}

/**
 * pg-boss's `db` option on the transaction of a MikroORM EntityManager. pg-boss writes `$1` placeholders;
 * knex binds `?`, so each `$n` becomes a `?` with its value (pg-boss repeats some placeholders).
 */
function transactionDb(em: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const bindings: unknown[] = [];
      const sql = text.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_, n: string) => {
        bindings.push(values[Number(n) - 1] ?? null);
        return '?';
      });
      const rows = await em.execute(sql, bindings as never[], 'all');
      return { rows: rows as unknown[] };
    },
  };
}
