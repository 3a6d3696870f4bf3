import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account, User } from '../identity';

export enum SyncTrigger {
  Manual = 'manual',
  Scheduled = 'scheduled',
  Resync = 'resync',
  Record = 'record',
}

export enum SyncRunStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  PartiallySucceeded = 'partially_succeeded',
  Failed = 'failed',
  Paused = 'paused',
}

/** Statuses of a run that is not over: at most one such run per account (a partial unique index). */
export const ACTIVE_RUN_STATUSES = [SyncRunStatus.Queued, SyncRunStatus.Running, SyncRunStatus.Paused];

export interface StreamCounts {
  created: number;
  updated: number;
  linked: number;
  unchanged: number;
  failed: number;
}

export const SYNC_STREAMS = ['contacts'] as const;
export type SyncStream = (typeof SYNC_STREAMS)[number];

export const emptyCounts = (): StreamCounts => ({
  created: 0,
  updated: 0,
  linked: 0,
  unchanged: 0,
  failed: 0,
});

/** One sync of one account: what started it, how far it got, what it did. */
@Entity()
@Index({ properties: ['account', 'createdAt'] })
@Index({
  name: 'sync_run_one_active_per_account',
  expression:
    'create unique index "sync_run_one_active_per_account" on "sync_run" ("account_id") ' +
    "where \"status\" in ('queued', 'running', 'paused')",
})
export class SyncRun {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @Enum({ items: () => SyncTrigger, nativeEnumName: 'sync_trigger' })
  trigger: SyncTrigger;

  @Enum({ items: () => SyncRunStatus, nativeEnumName: 'sync_run_status' })
  status: SyncRunStatus & Opt = SyncRunStatus.Queued;

  /** Who asked for it (manual runs). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  requestedBy?: User;

  /** Local ids of the records of a one-record run. */
  @Property({ type: 'json', nullable: true })
  recordIds?: string[];

  @Property({ type: 'json' })
  counts: Record<string, StreamCounts> & Opt = {};

  /** HTTP requests sent to Xero by this run, retries included. */
  @Property({ type: 'integer' })
  apiCalls: number & Opt = 0;

  /** Attempts at running it (a retried job or a run taken over from a worker that died). */
  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  lastProgressAt?: Date;

  /** A paused run goes on at this time (Xero's daily limit resets). */
  @Property({ type: 'datetime', nullable: true })
  resumeAt?: Date;

  @Property({ type: 'text', nullable: true })
  error?: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(account: Account, trigger: SyncTrigger) {
    this.account = account;
    this.trigger = trigger;
  }
}
