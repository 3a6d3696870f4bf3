import { formatDateTime } from '../common';
import {
  ACTIVE_RUN_STATUSES,
  StreamCounts,
  SYNC_STREAMS,
  SyncIssue,
  SyncRun,
  SyncRunStatus,
  SyncTrigger,
} from '../sync';

const STATUS: Record<SyncRunStatus, { label: string; badge: string }> = {
  [SyncRunStatus.Queued]: { label: 'Queued', badge: 'plain' },
  [SyncRunStatus.Running]: { label: 'Running', badge: 'plain' },
  [SyncRunStatus.Succeeded]: { label: 'Succeeded', badge: 'ok' },
  [SyncRunStatus.PartiallySucceeded]: { label: 'Partially succeeded', badge: 'warn' },
  [SyncRunStatus.Failed]: { label: 'Failed', badge: 'err' },
  [SyncRunStatus.Paused]: { label: 'Paused', badge: 'warn' },
};

const TRIGGER: Record<SyncTrigger, string> = {
  [SyncTrigger.Manual]: 'Sync now',
  [SyncTrigger.Scheduled]: 'Scheduled',
  [SyncTrigger.Resync]: 'Re-sync',
  [SyncTrigger.Record]: 'One record',
};

const STREAM_LABELS: Record<string, string> = { contacts: 'Contacts' };

function duration(run: SyncRun): string | undefined {
  if (!run.startedAt) return undefined;
  const seconds = Math.max(
    0,
    Math.round(((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000),
  );
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function streams(counts: Record<string, StreamCounts>) {
  return SYNC_STREAMS.filter((s) => counts[s]).map((s) => ({
    stream: s,
    label: STREAM_LABELS[s] ?? s,
    ...counts[s],
  }));
}

/** One row of the Sync history table. */
export function runRow(run: SyncRun, timeZone: string) {
  return {
    id: run.id,
    started: formatDateTime(run.startedAt ?? run.createdAt, timeZone),
    trigger: TRIGGER[run.trigger],
    status: STATUS[run.status as SyncRunStatus],
    streams: streams(run.counts),
    apiCalls: run.apiCalls,
    duration: duration(run),
  };
}

/** The run page. */
export function runPage(run: SyncRun, issues: SyncIssue[], timeZone: string) {
  const when = (date?: Date) => formatDateTime(date, timeZone);
  return {
    title: 'Sync run',
    run: {
      ...runRow(run, timeZone),
      queued: when(run.createdAt),
      finished: when(run.finishedAt),
      resumeAt: when(run.resumeAt),
      error: run.error,
      attempts: run.attempts,
      active: ACTIVE_RUN_STATUSES.includes(run.status),
    },
    failures: issues.filter((i) => i.severity === 'failure').map(issueRow),
    warnings: issues.filter((i) => i.severity === 'warning').map(issueRow),
  };
}

const FIX_IN: Record<string, string> = {
  lrm: 'In the LRM',
  xero: 'In Xero',
  temporary: 'Temporary: retried automatically',
};

function issueRow(issue: SyncIssue) {
  return {
    label: issue.label,
    message: issue.message,
    xeroMessage: issue.xeroMessage,
    hint: issue.hint,
    fixIn: FIX_IN[issue.fixIn] ?? issue.fixIn,
    link: issue.kind === 'contact' ? `/learners/${issue.localId}` : undefined,
  };
}

/** What `Accept: application/json` gets for a run: its status and figures, for a progress display. */
export function runJson(run: SyncRun) {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    counts: run.counts,
    apiCalls: run.apiCalls,
    attempts: run.attempts,
    queuedAt: run.createdAt,
    startedAt: run.startedAt ?? null,
    finishedAt: run.finishedAt ?? null,
    lastProgressAt: run.lastProgressAt ?? null,
    resumeAt: run.resumeAt ?? null,
    error: run.error ?? null,
  };
}
