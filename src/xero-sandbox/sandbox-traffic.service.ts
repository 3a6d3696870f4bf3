import { Injectable } from '@nestjs/common';
import { AppConfig, XeroSandboxFaults, XeroSandboxLimits } from '../config';

export type FaultKind = 'rateLimit' | 'serverError' | 'unavailable' | 'hang' | 'reset' | 'ghostWrite';
const FAULT_ORDER: FaultKind[] = ['rateLimit', 'serverError', 'unavailable', 'hang', 'reset', 'ghostWrite'];

/** Xero's application-wide limit across all organisations. */
const APP_PER_MINUTE = 10_000;

export type LimitVerdict =
  | { allowed: true; headers: Record<string, string> }
  | {
      allowed: false;
      problem: 'minute' | 'day' | 'concurrent';
      retryAfter: number;
      headers: Record<string, string>;
    };

interface TenantUsage {
  minute: number[];
  day: string;
  dayCount: number;
  inFlight: number;
}

/** A small seeded generator (mulberry32), so a fault sequence can be replayed with the same seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sandbox's rate limits (per organisation, as Xero's) and its fault injection. */
@Injectable()
export class SandboxTrafficService {
  limits: XeroSandboxLimits;
  faults: XeroSandboxFaults;
  private random: () => number;
  private readonly usage = new Map<string, TenantUsage>();
  private appMinute: number[] = [];

  constructor(config: AppConfig) {
    this.limits = { ...config.xero.sandbox.limits };
    this.faults = { ...config.xero.sandbox.faults };
    this.reseed(config.xero.sandbox.seed);
  }

  reseed(seed?: number): void {
    this.random = seeded(seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  setFaults(faults: Partial<XeroSandboxFaults>, seed?: number): XeroSandboxFaults {
    for (const key of Object.keys(this.faults) as (keyof XeroSandboxFaults)[]) {
      const value = faults[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        this.faults[key] = key === 'latencyMs' || key === 'hangMs' ? value : Math.min(1, value);
      }
    }
    if (seed !== undefined) this.reseed(seed);
    return { ...this.faults };
  }

  setLimits(limits: Partial<XeroSandboxLimits>): XeroSandboxLimits {
    if (typeof limits.enabled === 'boolean') this.limits.enabled = limits.enabled;
    for (const key of ['perMinute', 'concurrent', 'perDay'] as const) {
      const value = limits[key];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) this.limits[key] = value;
    }
    return { ...this.limits };
  }

  /** Forgets usage so far (a new minute and day for every organisation). */
  resetUsage(): void {
    for (const usage of this.usage.values()) {
      usage.minute = [];
      usage.dayCount = 0;
    }
    this.appMinute = [];
  }

  /** Admits a call for the organisation, or says which limit it hits. Admitted calls count. */
  admit(tenantId: string, now = Date.now()): LimitVerdict {
    const usage = this.usageOf(tenantId, now);
    usage.minute = usage.minute.filter((t) => t > now - 60_000);
    this.appMinute = this.appMinute.filter((t) => t > now - 60_000);
    const { perMinute, perDay, concurrent, enabled } = this.limits;
    if (enabled) {
      if (usage.dayCount >= perDay) {
        const midnight = Date.UTC(
          new Date(now).getUTCFullYear(),
          new Date(now).getUTCMonth(),
          new Date(now).getUTCDate() + 1,
        );
        return this.refuse('day', Math.ceil((midnight - now) / 1000), usage);
      }
      if (usage.minute.length >= perMinute) {
        return this.refuse('minute', Math.max(1, Math.ceil((usage.minute[0] + 60_000 - now) / 1000)), usage);
      }
      if (usage.inFlight >= concurrent) return this.refuse('concurrent', 1, usage);
    }
    usage.minute.push(now);
    usage.dayCount++;
    usage.inFlight++;
    this.appMinute.push(now);
    return { allowed: true, headers: this.headers(usage) };
  }

  release(tenantId: string): void {
    const usage = this.usage.get(tenantId);
    if (usage && usage.inFlight > 0) usage.inFlight--;
  }

  inFlight(tenantId: string): number {
    return this.usage.get(tenantId)?.inFlight ?? 0;
  }

  /** Draws this call's fault, if any; ghost writes only apply to writes. */
  drawFault(isWrite: boolean): FaultKind | undefined {
    for (const kind of FAULT_ORDER) {
      const probability = this.faults[kind];
      if (probability <= 0) continue;
      if (kind === 'ghostWrite' && !isWrite) continue;
      if (this.random() < probability) return kind;
    }
    return undefined;
  }

  private refuse(
    problem: 'minute' | 'day' | 'concurrent',
    retryAfter: number,
    usage: TenantUsage,
  ): LimitVerdict {
    return {
      allowed: false,
      problem,
      retryAfter,
      headers: { ...this.headers(usage), 'Retry-After': String(retryAfter), 'X-Rate-Limit-Problem': problem },
    };
  }

  private headers(usage: TenantUsage): Record<string, string> {
    return {
      'X-MinLimit-Remaining': String(Math.max(0, this.limits.perMinute - usage.minute.length)),
      'X-DayLimit-Remaining': String(Math.max(0, this.limits.perDay - usage.dayCount)),
      'X-AppMinLimit-Remaining': String(Math.max(0, APP_PER_MINUTE - this.appMinute.length)),
    };
  }

  private usageOf(tenantId: string, now: number): TenantUsage {
    const day = new Date(now).toISOString().slice(0, 10);
    let usage = this.usage.get(tenantId);
    if (!usage) {
      usage = { minute: [], day, dayCount: 0, inFlight: 0 };
      this.usage.set(tenantId, usage);
    }
    if (usage.day !== day) {
      usage.day = day;
      usage.dayCount = 0;
    }
    return usage;
  }
}
