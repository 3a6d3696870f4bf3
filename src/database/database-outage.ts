import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { describeDatabaseError } from './query-errors';

/** Error codes meaning "the server cannot be reached or dropped us", not "this query is wrong". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Timeout acquiring a connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether this error (or its cause) says the database is out of reach, as opposed to a failed statement. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (error.name === 'KnexTimeoutError' || UNREACHABLE_MESSAGES.test(error.message)) return true;
  const nested = error instanceof AggregateError ? error.errors : [error.cause];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/**
 * The database's reachability as this process sees it. Every pool, the request error filter and the job
 * queue report to it, so an outage is one warning (and its end one line), not a stack trace per request.
 */
export class DatabaseOutage {
  private since?: Date;

  constructor(private readonly logger: Pick<Logger, 'warn' | 'log' | 'error'> = new Logger('Database')) {}

  get isDown(): boolean {
    return this.since !== undefined;
  }

  /** Any database error from anywhere: an outage is noted once; another failure is logged without values. */
  report(error: unknown, source: string): void {
    if (!isDatabaseUnavailable(error)) {
      this.logger.error(`Database error (${source}): ${describeDatabaseError(error)}`);
      return;
    }
    if (this.since) return;
    this.since = new Date();
    this.logger.warn(
      `The database cannot be reached (${source}: ${describeDatabaseError(error)}); ` +
        'requests get 503 until it is back',
    );
  }

  /** A connection or a query succeeded: an outage, if any, is over. */
  reachable(source: string): void {
    if (!this.since) return;
    const seconds = Math.round((Date.now() - this.since.getTime()) / 1000);
    this.since = undefined;
    this.logger.log(`The database is reachable again (${source}) after ${seconds} s`);
  }
}

/** One per process: every pool and every app instance in it share what they see of the database. */
export const databaseOutage = new DatabaseOutage();

/** Report a database error from any source (a pool, a job queue, a request). Never throws. */
export function reportDatabaseError(error: unknown, source: string): void {
  databaseOutage.report(error, source);
}

/** Report that the database answered again (a new connection, a successful check). */
export function reportDatabaseReachable(source: string): void {
  databaseOutage.reachable(source);
}

/**
 * The one error strategy for a `pg` pool: an idle client's error (a restart, a failover, an idle timeout,
 * pg_terminate_backend) is reported instead of crashing the process as an unhandled 'error' event, the pool
 * drops that client and reconnects on next use, and a successful connection ends the outage.
 */
export function watchPool(pool: Pool, source: string): Pool {
  pool.on('error', (error: Error) => reportDatabaseError(error, source));
  pool.on('connect', (client: PoolClient) => {
    reportDatabaseReachable(source);
    // A checked-out client's errors reach its query; this keeps one between queries from going unheard.
    client.on('error', (error: Error) => reportDatabaseError(error, source));
  });
  return pool;
}
