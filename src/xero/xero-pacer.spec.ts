import { XeroRateLimitError } from './xero.errors';
import { PacerClock, XeroPacer } from './xero-pacer';

/** Time that moves only when the test says so. */
class FakeClock implements PacerClock {
  time = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = end;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const TENANT = 'tenant-a';

/** A fake organisation: records when each call left, answers as told. */
function organisation(clock: FakeClock) {
  const sent: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const pending: (() => void)[] = [];
  return {
    sent,
    pending,
    peak: () => peak,
    /** A call that ends when the test releases it. */
    held: () => () =>
      new Promise<string>((resolve) => {
        sent.push(clock.now());
        inFlight++;
        peak = Math.max(peak, inFlight);
        pending.push(() => {
          inFlight--;
          resolve('ok');
        });
      }),
    /** A call answered at once, with the given outcome per attempt. */
    answered:
      (outcomes: (string | XeroRateLimitError)[] = []) =>
      async () => {
        const outcome = outcomes[sent.length] ?? 'ok';
        sent.push(clock.now());
        if (outcome instanceof XeroRateLimitError) throw outcome;
        return outcome;
      },
  };
}

describe('XeroPacer', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  it('keeps at most five calls in flight for an organisation', async () => {
    const pacer = new XeroPacer({ clock });
    const org = organisation(clock);
    const calls = Array.from({ length: 8 }, () => pacer.run(TENANT, org.held()));
    await settle();
    expect(org.sent).toHaveLength(5);
    org.pending.shift()!();
    await settle();
    expect(org.sent).toHaveLength(6);
    while (org.pending.length) {
      org.pending.shift()!();
      await settle();
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(8);
    expect(org.peak()).toBe(5);
  });

  it('paces each organisation on its own', async () => {
    const pacer = new XeroPacer({ clock, concurrent: 2 });
    const org = organisation(clock);
    for (const tenant of ['a', 'a', 'a', 'b', 'b']) void pacer.run(tenant, org.held());
    await settle();
    expect(org.sent).toHaveLength(4);
  });

  it('stays under the per-minute limit in a sliding window', async () => {
    const pacer = new XeroPacer({ clock, perMinute: 3, windowMs: 1000 });
    const org = organisation(clock);
    const calls = Array.from({ length: 7 }, () => pacer.run(TENANT, org.answered()));
    await clock.advance(0);
    expect(org.sent).toEqual([0, 0, 0]);
    await clock.advance(999);
    expect(org.sent).toHaveLength(3);
    await clock.advance(1);
    expect(org.sent).toEqual([0, 0, 0, 1000, 1000, 1000]);
    await clock.advance(1000);
    await Promise.all(calls);
    expect(org.sent).toHaveLength(7);
  });

  it('waits for the minute to roll when Xero says none are left', async () => {
    const pacer = new XeroPacer({ clock, windowMs: 1000 });
    const org = organisation(clock);
    await pacer.run(TENANT, async () => {
      org.sent.push(clock.now());
      pacer.observe(TENANT, 0);
      return 'ok';
    });
    const next = pacer.run(TENANT, org.answered());
    await clock.advance(999);
    expect(org.sent).toEqual([0]);
    await clock.advance(1);
    await next;
    expect(org.sent).toEqual([0, 1000]);
  });

  it('sends no more calls than Xero has left this minute, counting those in flight', async () => {
    const pacer = new XeroPacer({ clock, windowMs: 1000 });
    const org = organisation(clock);
    const first = pacer.run(TENANT, async () => {
      org.sent.push(clock.now());
      pacer.observe(TENANT, 2);
      return 'ok';
    });
    await first;
    const calls = Array.from({ length: 4 }, () => pacer.run(TENANT, org.answered()));
    await clock.advance(10);
    expect(org.sent).toHaveLength(3);
    await clock.advance(1000);
    await Promise.all(calls);
    expect(org.sent).toHaveLength(5);
  });

  it('blocks the organisation for the Retry-After of a 429, then sends the throttled call again', async () => {
    const pacer = new XeroPacer({ clock });
    const org = organisation(clock);
    const throttled = pacer.run(TENANT, org.answered([new XeroRateLimitError(2, 'minute')]));
    await clock.advance(0);
    const other = pacer.run(TENANT, async () => {
      org.sent.push(clock.now());
      return 'other';
    });
    await clock.advance(1999);
    expect(org.sent).toEqual([0]);
    await clock.advance(1);
    await expect(throttled).resolves.toBe('ok');
    await expect(other).resolves.toBe('other');
    // The throttled call is sent first once the window is over.
    expect(org.sent).toEqual([0, 2000, 2000]);
  });

  it('gives up with XeroRateLimitError after five throttled attempts', async () => {
    const pacer = new XeroPacer({ clock });
    const org = organisation(clock);
    const limit = new XeroRateLimitError(1, 'concurrent');
    const call = pacer.run(TENANT, org.answered([limit, limit, limit, limit, limit, limit]));
    const outcome = call.catch((error: unknown) => error);
    await clock.advance(10_000);
    expect(await outcome).toBe(limit);
    expect(org.sent).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('fails at once on the day limit, and fails every later call without sending it until Retry-After', async () => {
    const pacer = new XeroPacer({ clock });
    const org = organisation(clock);
    const day = new XeroRateLimitError(3600, 'day');
    const waiting = Array.from({ length: 7 }, () =>
      pacer.run(TENANT, org.answered(Array(7).fill(day))).catch((error: unknown) => error),
    );
    await clock.advance(0);
    const outcomes = await Promise.all(waiting);
    expect(outcomes.every((e) => e instanceof XeroRateLimitError && e.problem === 'day')).toBe(true);
    // Five were already in flight together; the two waiting behind them never left.
    const sentAtTheTime = org.sent.length;
    expect(sentAtTheTime).toBe(5);

    await clock.advance(3_599_000);
    const later = await pacer.run(TENANT, org.answered()).catch((error: unknown) => error);
    expect(later).toMatchObject({ problem: 'day', retryAfterSeconds: 1 });
    expect(org.sent).toHaveLength(sentAtTheTime);

    await clock.advance(1000);
    await expect(pacer.run(TENANT, org.answered())).resolves.toBe('ok');
  });

  it('passes other failures through without retrying them', async () => {
    const pacer = new XeroPacer({ clock });
    const failure = new Error('boom');
    let sends = 0;
    await expect(
      pacer.run(TENANT, () => {
        sends++;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(sends).toBe(1);
  });
});
