import { Injectable } from '@nestjs/common';

/** What the sandbox has seen: for tests and benchmarks (calls per endpoint and tenant, peaks, writes). */
@Injectable()
export class SandboxCounters {
  calls: Record<string, number> = {};
  concurrent = 0;
  peakConcurrency = 0;
  writes = 0;
  refreshes = 0;
  faults: Record<string, number> = {};
  /** Per tenant: calls that arrived inside a Retry-After window this sandbox had announced to it. */
  callsInsideRetryAfter: Record<string, number> = {};

  recordCall(endpoint: string, tenantId: string): void {
    const key = `${endpoint} ${tenantId}`;
    this.calls[key] = (this.calls[key] ?? 0) + 1;
  }

  recordInsideRetryAfter(tenantId: string): void {
    this.callsInsideRetryAfter[tenantId] = (this.callsInsideRetryAfter[tenantId] ?? 0) + 1;
  }

  recordFault(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  snapshot() {
    return {
      calls: { ...this.calls },
      peakConcurrency: this.peakConcurrency,
      writes: this.writes,
      refreshes: this.refreshes,
      faults: { ...this.faults },
      callsInsideRetryAfter: { ...this.callsInsideRetryAfter },
    };
  }

  reset(): void {
    this.calls = {};
    this.peakConcurrency = this.concurrent;
    this.writes = 0;
    this.refreshes = 0;
    this.faults = {};
    this.callsInsideRetryAfter = {};
  }
}
