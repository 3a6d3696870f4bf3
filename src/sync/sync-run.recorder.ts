import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../config';
import { Account } from '../identity';
import { SyncIssue, SyncIssueSeverity } from './sync-issue.entity';
import { StreamCounts, SyncRun, SyncRunStatus } from './sync-run.entity';
import { FixIn, SyncRecordFailed, SyncRecordKind, SyncRecordSucceeded } from './sync.events';

export interface RecordIssue {
  kind: SyncRecordKind;
  localId: string;
  label: string;
  message: string;
  hint: string;
  fixIn: FixIn;
  xeroMessage?: string;
  xeroId?: string;
}

export interface BatchOutcome {
  counts: StreamCounts;
  apiCalls: number;
  failures: RecordIssue[];
  warnings: RecordIssue[];
  succeeded: { kind: SyncRecordKind; localId: string; xeroId: string }[];
}

/**
 * Writes what a run does as it does it: the claim on the run, progress after every batch (with the batch's
 * issues, in the batch's transaction), the end. Record events go out after their batch has committed.
 */
@Injectable()
export class SyncRunRecorder {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Takes the run for this worker: a queued or paused run, or a running one whose worker stopped writing
   * progress (it died). Returns null when the run is over or another live worker holds it.
   */
  async claim(runId: string): Promise<{ run: SyncRun } | { over: true } | { busy: true }> {
    const stale = new Date(Date.now() - this.config.sync.staleAfterSeconds * 1000);
    const rows = await this.em.execute<{ id: string }[]>(
      `update sync_run set status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now()),
         last_progress_at = now(), resume_at = null, updated_at = now()
       where id = ? and (status in ('queued', 'paused') or (status = 'running' and last_progress_at < ?))
       returning id`,
      [runId, stale],
    );
    const run = await this.em.findOne(SyncRun, runId, { refresh: true });
    if (!run) return { over: true };
    if (rows.length === 1) return { run };
    return run.status === SyncRunStatus.Running ? { busy: true } : { over: true };
  }

  /** Keeps a long batch's claim fresh, so no other worker takes the run over. */
  async heartbeat(runId: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(SyncRun, { id: runId, status: SyncRunStatus.Running }, { lastProgressAt: new Date() });
  }

  /** Inside the batch's transaction: adds the batch's figures and issues to the run. */
  async recordBatch(em: EntityManager, run: SyncRun, stream: string, outcome: BatchOutcome): Promise<void> {
    const counts = JSON.stringify(outcome.counts);
    await em.execute(
      `update sync_run set
         counts = jsonb_set(counts::jsonb, ?::text[], (
           select jsonb_object_agg(key, coalesce((counts::jsonb -> ? ->> key)::int, 0) + value::int)
           from jsonb_each_text(?::jsonb)
         )),
         api_calls = api_calls + ?, last_progress_at = now(), updated_at = now()
       where id = ?`,
      [`{${stream}}`, stream, counts, outcome.apiCalls, run.id],
    );
    const runRef = em.getReference(SyncRun, run.id);
    const account = em.getReference(Account, run.account.id);
    for (const issue of outcome.failures) {
      em.persist(new SyncIssue(runRef, account, SyncIssueSeverity.Failure, issue));
    }
    for (const issue of outcome.warnings) {
      em.persist(new SyncIssue(runRef, account, SyncIssueSeverity.Warning, issue));
    }
    await em.flush();
  }

  /** After the batch committed. */
  announce(run: SyncRun, outcome: BatchOutcome): void {
    const accountId = run.account.id;
    for (const f of outcome.failures) {
      this.events.emit(
        SyncRecordFailed.event,
        new SyncRecordFailed(
          accountId,
          run.id,
          f.kind,
          f.localId,
          f.label,
          f.message,
          f.hint,
          f.fixIn,
          f.xeroMessage,
          f.xeroId,
        ),
      );
    }
    for (const s of outcome.succeeded) {
      this.events.emit(
        SyncRecordSucceeded.event,
        new SyncRecordSucceeded(accountId, run.id, s.kind, s.localId, s.xeroId),
      );
    }
  }

  async finish(runId: string, status: SyncRunStatus, error?: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        SyncRun,
        { id: runId },
        { status, finishedAt: new Date(), lastProgressAt: new Date(), error: error ?? null },
      );
  }

  async pause(em: EntityManager, runId: string, resumeAt: Date, reason: string): Promise<void> {
    await em.nativeUpdate(SyncRun, { id: runId }, { status: SyncRunStatus.Paused, resumeAt, error: reason });
  }

  /** Back in the queue for the next attempt (a retry after a transient failure or a shutdown). */
  async requeue(runId: string, reason: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        SyncRun,
        { id: runId, status: SyncRunStatus.Running },
        { status: SyncRunStatus.Queued, error: reason },
      );
  }

  async hasFailures(runId: string): Promise<boolean> {
    const failed = await this.em.fork().count(SyncIssue, { run: runId, severity: SyncIssueSeverity.Failure });
    return failed > 0;
  }
}
