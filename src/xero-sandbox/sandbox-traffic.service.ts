import { Injectable } from '@nestjs/common';
import { AppConfig, XeroSandboxFaults, XeroSandboxLimits } from '../config';

export type FaultKind = 'rateLimit' | 'serverError' | 'unavailable' | 'hang' | 'reset' | 'ghostWrite';
const FAULT_ORDER: FaultKind[] = ['rateLimit', 'serverError', 'unavailable', 'hang', 'reset', 'ghostWrite'];

/** Xero's application-wide limit across all organisations. */
const APP_PER_MINUTE = 10_000;

/**
 * A call arriving this soon after a 429 on another connection may have left the client before the client
 * read the 429; later ones, and any on the connection that carried the 429, were sent knowingly.
 */
export const RETRY_AFTER_GRACE_MS = 200;

/** The sandbox's limits as the admin endpoint sets them: Xero's, plus the length of the "minute" for tests. */
export type SandboxLimits = XeroSandboxLimits & { windowSeconds: number };

/** A Retry-After the sandbox announced to an organisation's client. */
interface RetryWindow {
  announcedAt: number;
  until: number;
  connection: object;
}

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
  private readonly windows = new Map<string, RetryWindow[]>();
  /** Xero's minute; shortened by tests through the admin endpoint. */
  private windowMs = 60_000;

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

  setLimits(limits: Partial<SandboxLimits>): SandboxLimits {
    if (typeof limits.enabled === 'boolean') this.limits.enabled = limits.enabled;
    for (const key of ['perMinute', 'concurrent', 'perDay'] as const) {
      const value = limits[key];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) this.limits[key] = value;
    }
    const seconds = limits.windowSeconds;
    if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && seconds <= 60) {
      this.windowMs = seconds * 1000;
    }
    return { ...this.limits, windowSeconds: this.windowMs / 1000 };
  }

  /** Remembers a 429's Retry-After, sent on this connection, for the organisation. */
  announceRetryAfter(tenantId: string, seconds: number, connection: object, now = Date.now()): void {
    const windows = this.openWindows(tenantId, now);
    windows.push({ announcedAt: now, until: now + seconds * 1000, connection });
    this.windows.set(tenantId, windows);
  }

  /** Whether a call arriving now on this connection ignores a Retry-After the organisation was given. */
  insideRetryAfter(tenantId: string, connection: object, now = Date.now()): boolean {
    return this.openWindows(tenantId, now).some(
      (w) => w.connection === connection || now - w.announcedAt >= RETRY_AFTER_GRACE_MS,
    );
  }

  /** Forgets usage so far (a new minute and day for every organisation). */
  resetUsage(): void {
    for (const usage of this.usage.values()) {
      usage.minute = [];
      usage.dayCount = 0;
    }
    this.appMinute = [];
    this.windows.clear();
  }

  /** Admits a call for the organisation, or says which limit it hits. Admitted calls count. */
  admit(tenantId: string, now = Date.now()): LimitVerdict {
    const usage = this.usageOf(tenantId, now);
    usage.minute = usage.minute.filter((t) => t > now - this.windowMs);
    this.appMinute = this.appMinute.filter((t) => t > now - this.windowMs);
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
        return this.refuse(
          'minute',
          Math.max(1, Math.ceil((usage.minute[0] + this.windowMs - now) / 1000)),
          usage,
        );
      }
      if (usage.inFlight >= concurrent) return this.refuse('concurrent', 1, usage);
    }
    usage.minute.push(now);
    usage.dayCount++;
    usage.inFlight++;
    this.appMinute.push(now);
    // With the limits off there is no limit to report, so nothing for a client to pace itself by.
    return { allowed: true, headers: enabled ? this.headers(usage) : {} };
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

  private openWindows(tenantId: string, now: number): RetryWindow[] {
    return (this.windows.get(tenantId) ?? []).filter((w) => w.until > now);
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
