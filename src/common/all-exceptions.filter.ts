import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable, reportDatabaseError } from '../database';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
} from './domain.error';
import { RedirectRequired, SignInRequiredError, TooManyAttemptsError } from './http.errors';
import { describeBodyError } from './request-body';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Conflict',
  413: 'Too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Service unavailable',
};

type DomainErrorClass = abstract new (...args: never[]) => DomainError;

/** The HTTP status of each kind of domain error; the first class the error is an instance of wins. */
const DOMAIN_STATUSES: ReadonlyArray<readonly [DomainErrorClass, number]> = [
  [RedirectRequired, 303],
  [InvalidInputError, 400],
  [SignInRequiredError, 401],
  [NotAllowedError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [TooManyAttemptsError, 429],
];

/** The status a page or API answer carries for this domain error. */
export function statusOf(error: DomainError): number {
  return DOMAIN_STATUSES.find(([kind]) => error instanceof kind)?.[1] ?? HttpStatus.BAD_REQUEST;
}

/** One place that turns every error into a page (or JSON under /api) with the right status. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (isDatabaseUnavailable(exception)) return databaseUnavailable(exception, req, res);
    const { status, message } = this.describe(exception);
    if (status >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (res.headersSent) return;
    if (exception instanceof RedirectRequired) {
      res.redirect(303, exception.location);
      return;
    }
    if (exception instanceof SignInRequiredError && !wantsJson(req)) {
      const next =
        req.method === 'GET' && exception.nextPath !== '/'
          ? `?next=${encodeURIComponent(exception.nextPath)}`
          : '';
      res.redirect(303, `/login${next}`);
      return;
    }

    const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : 'Request refused');
    if (wantsJson(req)) {
      res.status(status).json({ statusCode: status, error: title, message });
      return;
    }
    const view = [403, 404].includes(status)
      ? `errors/${status}`
      : status >= 500
        ? 'errors/500'
        : 'errors/error';
    res.status(status).render(view, { title, status, message });
  }

  private describe(exception: unknown): { status: number; message: string } {
    if (exception instanceof DomainError) return { status: statusOf(exception), message: exception.message };
    const bodyError = describeBodyError(exception);
    if (bodyError) return bodyError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? exception.message);
      return { status, message: status >= 500 ? TITLES[500] : message };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      message: 'An unexpected error occurred. It has been logged.',
    };
  }
}

const DATABASE_UNAVAILABLE = 'The LRM cannot reach its database just now';

/** An outage is reported once by the tracker, never logged per request; the user gets a plain 503. */
function databaseUnavailable(exception: unknown, req: Request, res: Response): void {
  reportDatabaseError(exception, `${req.method} request`);
  if (res.headersSent) return;
  res.status(HttpStatus.SERVICE_UNAVAILABLE);
  if (wantsJson(req)) {
    res.json({ statusCode: 503, error: TITLES[503], message: DATABASE_UNAVAILABLE });
  } else {
    res.render('errors/database-unavailable', { title: DATABASE_UNAVAILABLE });
  }
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/api' || req.accepts(['html', 'json']) === 'json';
}
