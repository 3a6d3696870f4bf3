import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { LearnersModule } from '../learners';
import { XeroModule } from '../xero';
import { XeroAuthModule } from '../xero-auth';
import { ContactsSyncer } from './contacts.syncer';
import { SyncCheckpoint } from './sync-checkpoint.entity';
import { SyncIssue } from './sync-issue.entity';
import { SyncJobHandler } from './sync-job.handler';
import { SyncLink } from './sync-link.entity';
import { SyncLinksService } from './sync-links.service';
import { SyncRun } from './sync-run.entity';
import { SyncRunRecorder } from './sync-run.recorder';
import { SyncRunsService } from './sync-runs.service';
import { SyncQueue } from './sync.queue';
import { SyncRunner } from './sync.runner';

@Module({
  imports: [
    MikroOrmModule.forFeature([SyncRun, SyncLink, SyncCheckpoint, SyncIssue]),
    XeroModule,
    XeroAuthModule,
    LearnersModule,
  ],
  providers: [
    SyncQueue,
    SyncRunsService,
    SyncLinksService,
    SyncRunRecorder,
    SyncRunner,
    SyncJobHandler,
    ContactsSyncer,
  ],
  exports: [SyncRunsService, SyncLinksService],
})
export class SyncModule {}
