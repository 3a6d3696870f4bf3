import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import { Public } from '../common';
import { describeDatabaseError, reportDatabaseError, reportDatabaseReachable } from '../database';

const PING_TIMEOUT_MS = 3000;

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
  ) {}

  /** The process is up; says nothing about its dependencies and never touches them. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers and its schema is current. A failure is 503 JSON naming the check. */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.databaseAnswers(), () => this.migrationsApplied()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }

  private async databaseAnswers() {
    const indicator = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.orm.em.getConnection().execute('select 1'),
        new Promise((_, reject) => {
          const timeout = Object.assign(new Error(`no answer within ${PING_TIMEOUT_MS} ms`), {
            code: 'ETIMEDOUT',
          });
          timer = setTimeout(() => reject(timeout), PING_TIMEOUT_MS);
        }),
      ]);
      reportDatabaseReachable('readiness check');
      return indicator.up();
    } catch (error) {
      reportDatabaseError(error, 'readiness check');
      return indicator.down({ message: describeDatabaseError(error) });
    } finally {
      clearTimeout(timer);
    }
  }

  private async migrationsApplied() {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await this.orm.getMigrator().getPendingMigrations();
      return pending.length === 0 ? indicator.up() : indicator.down({ pending: pending.length });
    } catch (error) {
      return indicator.down({ message: describeDatabaseError(error) });
    }
  }
}
