import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config';
import { XeroAccountingGateway, XeroCallMeter } from '../xero';
import { XeroConnectionService, XeroTokensService } from '../xero-auth';
import { ContactsSyncer } from './contacts.syncer';
import { classifyRunFailure } from './sync-failure.policy';
import { BatchOutcome, SyncRunRecorder } from './sync-run.recorder';
import { emptyCounts, SyncRun, SyncRunStatus, SyncTrigger } from './sync-run.entity';
import { SyncContext, Syncer } from './sync.context';
import { SyncInterruptedError, SyncRunBusyError } from './sync.errors';
import { SyncJobContext, SyncQueue, SyncRunJob } from './sync.queue';

/** Runs one sync run: claims it, refreshes the organisation, runs every stream in order, ends it. */
@Injectable()
export class SyncRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncRunner.name);
  private stopping = false;
  private readonly syncers: Syncer[];

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AppConfig,
    private readonly recorder: SyncRunRecorder,
    private readonly tokens: XeroTokensService,
    private readonly connections: XeroConnectionService,
    private readonly gateway: XeroAccountingGateway,
    private readonly queue: SyncQueue,
    contacts: ContactsSyncer,
  ) {
    this.syncers = [contacts];
  }

  /** Running runs stop after their current batch; their jobs are retried by another worker. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async execute(job: SyncRunJob, jobContext: SyncJobContext): Promise<void> {
    const claim = await this.recorder.claim(job.runId);
    if ('over' in claim) return;
    if ('busy' in claim) throw new SyncRunBusyError();
    const run = claim.run;
    const meter: XeroCallMeter = { calls: 0 };
    const heartbeat = setInterval(
      () => void this.recorder.heartbeat(run.id).catch(() => undefined),
      (this.config.sync.staleAfterSeconds * 1000) / 3,
    );
    try {
      const ctx = this.context(run, meter);
      await ctx.xero(async (access) => {
        const organisation = await this.gateway.getOrganisation(access);
        await this.connections.recordOrganisation(run.account.id, access.tenantId, organisation);
      });
      for (const syncer of this.syncers) {
        const totals = await syncer.run(ctx);
        // Per-batch figures are stored as batches commit; what no batch carried is stored here.
        await ctx.commitBatch(syncer.stream, this.remainder(totals.unchanged), async () => undefined);
      }
      const failures = await this.recorder.hasFailures(run.id);
      await this.recorder.finish(
        run.id,
        failures ? SyncRunStatus.PartiallySucceeded : SyncRunStatus.Succeeded,
      );
    } catch (error) {
      await this.settle(run, job, jobContext, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private remainder(unchanged: number): BatchOutcome {
    return {
      counts: { ...emptyCounts(), unchanged },
      apiCalls: 0,
      failures: [],
      warnings: [],
      succeeded: [],
    };
  }

  /** One policy decides by the error's class: fail, pause until Xero's reset, or retry while budget lasts. */
  private async settle(
    run: SyncRun,
    job: SyncRunJob,
    jobContext: SyncJobContext,
    error: unknown,
  ): Promise<void> {
    const verdict = classifyRunFailure(error);
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (verdict.action === 'fail') {
      this.logger.warn(`Sync run ${run.id} failed: ${detail}`);
      await this.recorder.finish(run.id, SyncRunStatus.Failed, verdict.reason);
      return;
    }
    if (verdict.action === 'pause') {
      this.logger.warn(`Sync run ${run.id} paused until ${verdict.resumeAt.toISOString()}`);
      await this.em().transactional(async (em) => {
        await this.recorder.pause(em, run.id, verdict.resumeAt, verdict.reason);
        await this.queue.send(em, job, verdict.resumeAt);
      });
      return;
    }
    if (jobContext.retryCount >= jobContext.retryLimit) {
      this.logger.warn(`Sync run ${run.id} gave up after ${jobContext.retryCount + 1} attempts: ${detail}`);
      await this.recorder.finish(
        run.id,
        SyncRunStatus.Failed,
        `${verdict.reason} It did not succeed after ${jobContext.retryCount + 1} attempts.`,
      );
      return;
    }
    this.logger.warn(`Sync run ${run.id} will be retried: ${detail}`);
    await this.recorder.requeue(run.id, verdict.reason);
    throw error;
  }

  private context(run: SyncRun, meter: XeroCallMeter): SyncContext {
    const accountId = run.account.id;
    let attributed = 0;
    return {
      run,
      accountId,
      full: run.trigger === SyncTrigger.Resync,
      recordIds: run.recordIds ?? undefined,
      batchSize: this.config.sync.batchSize,
      meter,
      xero: (call) => this.tokens.withAccess(accountId, (access) => call({ ...access, meter })),
      commitBatch: async (stream, outcome, write) => {
        outcome.apiCalls = meter.calls - attributed;
        attributed = meter.calls;
        await this.em().transactional(async (em) => {
          await write(em);
          await this.recorder.recordBatch(em, run, stream, outcome);
        });
        this.recorder.announce(run, outcome);
      },
      checkpoint: () => {
        if (this.stopping) throw new SyncInterruptedError();
      },
    };
  }

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }
}
