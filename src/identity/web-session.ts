import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Pool } from 'pg';
import { SessionConfig } from '../config';

export const SESSION_COOKIE = 'lrm.sid';

/**
 * Server-side sessions in PostgreSQL (table `session`, created by a migration), so any instance serves any
 * user. The cookie carries only the signed session id; idle sessions expire after `idleMinutes`.
 */
export function createSessionMiddleware(
  config: SessionConfig,
  pool: Pool,
): { middleware: RequestHandler; close(): void } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 900,
  });
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookie,
      maxAge: config.idleMinutes * 60_000,
    },
  });
  return { middleware, close: () => store.close() };
}
