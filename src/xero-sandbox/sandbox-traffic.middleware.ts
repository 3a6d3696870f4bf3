import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SandboxCounters } from './sandbox-counters';
import { SandboxTrafficService } from './sandbox-traffic.service';

const WRITES = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

/**
 * In front of the accounting API: counts calls, enforces the per-organisation limits, then injects the
 * configured faults (429, 500, 503, a hang, a reset, a ghost write) and latency.
 */
@Injectable()
export class SandboxTrafficMiddleware implements NestMiddleware {
  constructor(
    private readonly traffic: SandboxTrafficService,
    private readonly counters: SandboxCounters,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const tenantId = String(req.headers['xero-tenant-id'] ?? '').toLowerCase() || 'none';
    const resource = /\/api\.xro\/2\.0\/([A-Za-z]+)/.exec(req.originalUrl)?.[1] ?? 'unknown';
    this.counters.recordCall(`${req.method} ${resource}`, tenantId);
    if (this.traffic.insideRetryAfter(tenantId, req.socket)) this.counters.recordInsideRetryAfter(tenantId);

    const verdict = this.traffic.admit(tenantId);
    res.set(verdict.headers);
    if (!verdict.allowed) {
      this.counters.recordFault(`limit:${verdict.problem}`);
      this.traffic.announceRetryAfter(tenantId, verdict.retryAfter, req.socket);
      // Xero's 429 body can be empty; the headers say which limit and how long to wait.
      res.status(429).end();
      return;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.traffic.release(tenantId);
      this.counters.concurrent--;
    };
    this.counters.concurrent++;
    this.counters.peakConcurrency = Math.max(this.counters.peakConcurrency, this.counters.concurrent);
    res.once('close', release);

    const fault = this.traffic.drawFault(WRITES.has(req.method));
    if (fault) this.counters.recordFault(fault);
    const proceed = () => this.inject(fault, tenantId, req, res, next);
    const latency = this.traffic.faults.latencyMs;
    if (latency > 0) setTimeout(proceed, latency);
    else proceed();
  }

  private inject(
    fault: string | undefined,
    tenantId: string,
    req: Request,
    res: Response,
    next: NextFunction,
  ): void {
    switch (fault) {
      case 'rateLimit':
        this.traffic.announceRetryAfter(tenantId, 1, req.socket);
        res.status(429).set({ 'Retry-After': '1', 'X-Rate-Limit-Problem': 'minute' }).end();
        return;
      case 'serverError':
        res
          .status(500)
          .json({ Title: 'An error occurred', Detail: 'An error occurred in Xero.', Status: 500 });
        return;
      case 'unavailable':
        res.status(503).json({
          Title: 'Service Unavailable',
          Detail: 'The Xero API is temporarily unavailable.',
          Status: 503,
        });
        return;
      case 'hang': {
        const timer = setTimeout(() => req.socket.destroy(), this.traffic.faults.hangMs);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'ghostWrite':
        // The write is applied; then the connection drops before the client hears about it.
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as Response['end'];
        next();
        return;
      default:
        next();
    }
  }
}
