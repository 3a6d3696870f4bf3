import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { XeroHttpError } from './sandbox.errors';

/** Writes the sandbox's Xero-shaped errors as Xero does, instead of the app's error pages. */
@Catch(XeroHttpError)
export class SandboxExceptionFilter implements ExceptionFilter {
  catch(error: XeroHttpError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.status(error.status).set(error.headers);
    if (error.body === undefined) res.end();
    else res.json(error.body);
  }
}
