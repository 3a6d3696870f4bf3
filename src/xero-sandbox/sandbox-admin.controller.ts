import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, UseFilters } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../common';
import { AppConfig, XeroSandboxFaults } from '../config';
import { SandboxBootstrapService } from './sandbox-bootstrap.service';
import { SandboxCounters } from './sandbox-counters';
import { SandboxExceptionFilter } from './sandbox-exception.filter';
import { SandboxIdempotencyService } from './sandbox-idempotency.service';
import { parseDateInput } from './sandbox-json';
import { SandboxSettingsService } from './sandbox-settings.service';
import { SandboxLimits, SandboxTrafficService } from './sandbox-traffic.service';
import { badRequest, notFound, unauthorized } from './sandbox.errors';

/**
 * For tests and benchmarks: faults, limits, counters, lock dates and reset. Exists only in sandbox mode
 * and only when XERO_SANDBOX_ADMIN_TOKEN is set; every call carries that token as a bearer token.
 */
@Public()
@Controller('xero-sandbox/admin')
@UseFilters(SandboxExceptionFilter)
export class SandboxAdminController {
  constructor(
    private readonly config: AppConfig,
    private readonly traffic: SandboxTrafficService,
    private readonly counters: SandboxCounters,
    private readonly settings: SandboxSettingsService,
    private readonly bootstrap: SandboxBootstrapService,
    private readonly idempotency: SandboxIdempotencyService,
  ) {}

  @Get('counters')
  readCounters(@Headers('authorization') authorization?: string) {
    this.check(authorization);
    return this.counters.snapshot();
  }

  @Post('counters/reset')
  @HttpCode(204)
  resetCounters(@Headers('authorization') authorization?: string) {
    this.check(authorization);
    this.counters.reset();
    this.traffic.resetUsage();
  }

  @Put('faults')
  setFaults(
    @Body() body: Partial<XeroSandboxFaults> & { seed?: number },
    @Headers('authorization') authorization?: string,
  ) {
    this.check(authorization);
    return this.traffic.setFaults(body ?? {}, typeof body?.seed === 'number' ? body.seed : undefined);
  }

  @Put('limits')
  setLimits(@Body() body: Partial<SandboxLimits>, @Headers('authorization') authorization?: string) {
    this.check(authorization);
    return this.traffic.setLimits(body ?? {});
  }

  @Put('organisations/:tenantId/lock-dates')
  @HttpCode(204)
  async setLockDates(
    @Param('tenantId') tenantId: string,
    @Body() body: { PeriodLockDate?: string | null; EndOfYearLockDate?: string | null },
    @Headers('authorization') authorization?: string,
  ) {
    this.check(authorization);
    const period = body?.PeriodLockDate ? parseDateInput(body.PeriodLockDate) : undefined;
    const year = body?.EndOfYearLockDate ? parseDateInput(body.EndOfYearLockDate) : undefined;
    if ((body?.PeriodLockDate && !period) || (body?.EndOfYearLockDate && !year)) {
      throw badRequest('Lock dates must be dates (YYYY-MM-DD)');
    }
    await this.settings.setLockDates(tenantId.toLowerCase(), period, year);
  }

  @Post('reset')
  @HttpCode(204)
  async reset(@Headers('authorization') authorization?: string) {
    this.check(authorization);
    await this.bootstrap.reset();
    this.idempotency.clear();
    this.counters.reset();
    this.traffic.resetUsage();
  }

  private check(authorization: string | undefined): void {
    const expected = this.config.xero.sandbox.adminToken;
    if (!expected) throw notFound();
    const given = Buffer.from(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw unauthorized();
  }
}
