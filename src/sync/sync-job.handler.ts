import { CreateRequestContext, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { SyncJobContext, SyncQueue, SyncRunJob } from './sync.queue';
import { SyncRunner } from './sync.runner';

/** The queue's worker entry point: a unit of work of its own per job, then the runner. */
@Injectable()
export class SyncJobHandler implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly queue: SyncQueue,
    private readonly runner: SyncRunner,
  ) {}

  onModuleInit(): void {
    this.queue.handle((job, context) => this.handle(job, context));
  }

  @CreateRequestContext()
  async handle(job: SyncRunJob, context: SyncJobContext): Promise<void> {
    await this.runner.execute(job, context);
  }
}
