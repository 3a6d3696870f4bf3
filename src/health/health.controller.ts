import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
} from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { Public } from '../common';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
  ) {}

  /** The process is up; says nothing about its dependencies. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers and its schema is current. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.migrationsApplied(),
    ]);
  }

  private async migrationsApplied() {
    const indicator = this.indicators.check('migrations');
    const pending = await this.orm.getMigrator().getPendingMigrations();
    return pending.length === 0 ? indicator.up() : indicator.down({ pending: pending.length });
  }
}
