import { XeroRateLimitError } from './xero.errors';

/** Time as the pacer sees it; tests hand in a fake one. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface XeroPacerOptions {
  /** Xero's limits per organisation: 60 calls a minute, 5 at a time. */
  perMinute: number;
  concurrent: number;
  /** The length of Xero's "minute" (shorter in tests). */
  windowMs: number;
  /** Sends of one call, the first included, while Xero answers 429 for the minute or concurrency. */
  maxAttempts: number;
  clock: PacerClock;
}

export const DEFAULT_PACER_OPTIONS: XeroPacerOptions = {
  perMinute: 60,
  concurrent: 5,
  windowMs: 60_000,
  maxAttempts: 5,
  clock: systemClock,
};

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** One organisation's traffic. */
interface Lane {
  inFlight: number;
  /** When each call of the last window ended (an answer's end is no earlier than Xero counting it). */
  ended: number[];
  /** Calls Xero will still take this window, from the last X-MinLimit-Remaining, less what left since. */
  budget?: number;
  budgetReadAt: number;
  /** No call leaves before this (a Retry-After). */
  blockedUntil: number;
  /** The day limit was reached: every call fails until then. */
  dayBlockedUntil: number;
  queue: Waiter[];
  wakeAt?: number;
}

/**
 * Paces the calls to each Xero organisation, for every caller in the process: at most `concurrent` in
 * flight, under `perMinute` in any window (its own count and Xero's X-MinLimit-Remaining), nothing sent
 * inside a Retry-After window. A call throttled for the minute or concurrency is sent again after the
 * wait; the day limit fails the call and every later one at once until its Retry-After passes.
 */
export class XeroPacer {
  private readonly options: XeroPacerOptions;
  private readonly lanes = new Map<string, Lane>();

  constructor(options: Partial<XeroPacerOptions> = {}) {
    this.options = { ...DEFAULT_PACER_OPTIONS, ...options };
  }

  /** Runs `send` when the organisation's limits allow it; `send` throws XeroRateLimitError on a 429. */
  async run<T>(tenantId: string, send: () => Promise<T>): Promise<T> {
    const lane = this.lane(tenantId);
    for (let attempt = 1; ; attempt++) {
      await this.acquire(lane, attempt > 1);
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof XeroRateLimitError)) throw error;
        this.throttled(lane, error);
        if (error.problem === 'day' || attempt >= this.options.maxAttempts) throw error;
      } finally {
        this.release(lane);
      }
    }
  }

  /** Xero's X-MinLimit-Remaining on an answer of a call still counted in flight. */
  observe(tenantId: string, minuteRemaining: number): void {
    if (!Number.isFinite(minuteRemaining)) return;
    const lane = this.lane(tenantId);
    const now = this.options.clock.now();
    this.prune(lane, now);
    // The other calls in flight may not be counted in this figure yet: assume they will be.
    lane.budget = minuteRemaining - Math.max(0, lane.inFlight - 1);
    lane.budgetReadAt = now;
  }

  private acquire(lane: Lane, retry: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      // A throttled call goes first once the wait is over: it has waited longest.
      if (retry) lane.queue.unshift(waiter);
      else lane.queue.push(waiter);
      this.pump(lane);
    });
  }

  private release(lane: Lane): void {
    lane.inFlight--;
    lane.ended.push(this.options.clock.now());
    this.pump(lane);
  }

  private throttled(lane: Lane, error: XeroRateLimitError): void {
    const until = this.options.clock.now() + Math.max(1, error.retryAfterSeconds) * 1000;
    if (error.problem === 'day') lane.dayBlockedUntil = Math.max(lane.dayBlockedUntil, until);
    else lane.blockedUntil = Math.max(lane.blockedUntil, until);
  }

  private pump(lane: Lane): void {
    while (lane.queue.length > 0) {
      const now = this.options.clock.now();
      if (now < lane.dayBlockedUntil) {
        const seconds = Math.ceil((lane.dayBlockedUntil - now) / 1000);
        for (const waiter of lane.queue.splice(0)) waiter.reject(new XeroRateLimitError(seconds, 'day'));
        return;
      }
      const readyAt = this.readyAt(lane, now);
      if (readyAt === 'busy') return;
      if (readyAt > now) {
        this.wake(lane, readyAt);
        return;
      }
      lane.inFlight++;
      if (lane.budget !== undefined) lane.budget--;
      lane.queue.shift()!.resolve();
    }
  }

  /** When the next call may leave: now or later, or 'busy' until a call in flight ends. */
  private readyAt(lane: Lane, now: number): number | 'busy' {
    const { concurrent, perMinute, windowMs } = this.options;
    this.prune(lane, now);
    if (now < lane.blockedUntil) return lane.blockedUntil;
    if (lane.inFlight >= concurrent) return 'busy';
    if (lane.ended.length + lane.inFlight >= perMinute) {
      return lane.ended.length > 0 ? lane.ended[0] + windowMs : 'busy';
    }
    if (lane.budget !== undefined && lane.budget <= 0) {
      if (lane.ended.length > 0) return lane.ended[0] + windowMs;
      if (lane.inFlight > 0) return 'busy';
      // Others used this organisation's minute: wait for a whole window after the reading.
      if (now < lane.budgetReadAt + windowMs) return lane.budgetReadAt + windowMs;
      lane.budget = undefined;
    }
    return now;
  }

  /** Calls that left the window give their place back to the budget too. */
  private prune(lane: Lane, now: number): void {
    const edge = now - this.options.windowMs;
    while (lane.ended.length > 0 && lane.ended[0] <= edge) {
      lane.ended.shift();
      if (lane.budget !== undefined) lane.budget++;
    }
  }

  private wake(lane: Lane, at: number): void {
    if (lane.wakeAt !== undefined && lane.wakeAt <= at) return;
    lane.wakeAt = at;
    const { clock } = this.options;
    void clock.sleep(Math.max(0, at - clock.now())).then(() => {
      if (lane.wakeAt === at) lane.wakeAt = undefined;
      this.pump(lane);
    });
  }

  private lane(tenantId: string): Lane {
    const key = tenantId.toLowerCase();
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, ended: [], budgetReadAt: 0, blockedUntil: 0, dayBlockedUntil: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}
