import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Account, User } from '../identity';
import { SyncIssue } from './sync-issue.entity';
import { ACTIVE_RUN_STATUSES, SyncRun, SyncTrigger } from './sync-run.entity';
import { SyncRunNotFoundError } from './sync.errors';
import { SyncQueue } from './sync.queue';

export interface RunRequest {
  trigger: SyncTrigger;
  userId?: string;
  recordIds?: string[];
}

export interface RequestedRun {
  run: SyncRun;
  /** false: a run of this account was already queued or running, and that one is returned. */
  created: boolean;
}

/** Sync runs of one account: asked for, listed, read. Every method is scoped by the account id. */
@Injectable()
export class SyncRunsService {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: SyncQueue,
  ) {}

  /**
   * Queues a run, its row and its job in one transaction. One unfinished run per account (a partial unique
   * index): asking again while one is queued or running returns that one.
   */
  async request(accountId: string, request: RunRequest): Promise<RequestedRun> {
    const active = await this.active(accountId);
    if (active) return { run: active, created: false };
    try {
      const run = await this.em.fork().transactional(async (em) => {
        const run = new SyncRun(em.getReference(Account, accountId), request.trigger);
        if (request.userId) run.requestedBy = em.getReference(User, request.userId);
        if (request.recordIds) run.recordIds = request.recordIds;
        em.persist(run);
        await em.flush();
        await this.queue.send(em, { runId: run.id, accountId });
        return run;
      });
      return { run, created: true };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Another request queued one between our check and our insert.
      const winner = await this.active(accountId);
      if (!winner) throw error;
      return { run: winner, created: false };
    }
  }

  active(accountId: string): Promise<SyncRun | null> {
    return this.em.fork().findOne(SyncRun, { account: accountId, status: { $in: ACTIVE_RUN_STATUSES } });
  }

  history(accountId: string, limit = 20): Promise<SyncRun[]> {
    return this.em.find(SyncRun, { account: accountId }, { orderBy: { createdAt: 'desc' }, limit });
  }

  async get(accountId: string, runId: string): Promise<SyncRun> {
    const run = await this.em.findOne(SyncRun, { id: runId, account: accountId }, { refresh: true });
    if (!run) throw new SyncRunNotFoundError();
    return run;
  }

  issues(accountId: string, runId: string): Promise<SyncIssue[]> {
    return this.em.find(SyncIssue, { run: runId, account: accountId }, { orderBy: { createdAt: 'asc' } });
  }

  lastFinished(accountId: string): Promise<SyncRun | null> {
    return this.em.findOne(
      SyncRun,
      { account: accountId, status: { $nin: ACTIVE_RUN_STATUSES } },
      { orderBy: { finishedAt: 'desc' } },
    );
  }
}
