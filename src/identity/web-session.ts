import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Pool } from 'pg';
import { SessionConfig } from '../config';
import { reportDatabaseError } from '../database';

export const SESSION_COOKIE = 'lrm.sid';

type AsyncMiddleware = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/**
 * Server-side sessions in PostgreSQL (table `session`, created by a migration), so any instance serves any
 * user. The cookie carries only the signed session id; idle sessions expire after `idleMinutes`.
 */
export function createSessionMiddleware(
  config: SessionConfig,
  pool: Pool,
): { middleware: AsyncMiddleware; close(): void } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 900,
    errorLog: (message: unknown, error?: unknown) => reportDatabaseError(error ?? message, 'session store'),
  });
  const handler = session({
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
  return { middleware: throughErrorFilter(handler), close: () => store.close() };
}

/**
 * express-session hands a store failure to `next(error)`, which Express would answer with its own 500 page;
 * rejecting instead lets Nest's exception filter answer (503 while the database is away). A failure to save
 * after the response has gone out is reported, since nobody is left to answer.
 */
function throughErrorFilter(handler: RequestHandler): AsyncMiddleware {
  return (req, res, next) =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      void handler(req, res, (error?: unknown) => {
        if (settled) {
          if (error) reportDatabaseError(error, 'session store');
          return;
        }
        settled = true;
        if (error) return reject(error);
        resolve();
        next();
      });
    });
}

/**
 * Nothing a signed-in user is shown may be kept by the browser or a proxy: after sign-out on a shared
 * computer, Back must not bring a learner's details up again.
 */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.userId) res.setHeader('Cache-Control', 'no-store');
  next();
}
