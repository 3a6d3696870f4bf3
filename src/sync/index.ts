export { SyncIssue, SyncIssueSeverity } from './sync-issue.entity';
export { SyncLink, SyncLinkKind } from './sync-link.entity';
export { SyncLinksService } from './sync-links.service';
export {
  ACTIVE_RUN_STATUSES,
  StreamCounts,
  SYNC_STREAMS,
  SyncRun,
  SyncRunStatus,
  SyncTrigger,
} from './sync-run.entity';
export { SyncRunsService } from './sync-runs.service';
export { FixIn, SyncRecordFailed, SyncRecordSucceeded } from './sync.events';
export { SyncModule } from './sync.module';
