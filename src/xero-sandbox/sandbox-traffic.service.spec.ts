import { loadConfig } from '../config';
import { SandboxTrafficService } from './sandbox-traffic.service';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const traffic = (env: Record<string, string> = {}) =>
  new SandboxTrafficService(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-traffic-')), ...env }));

describe("the sandbox's limits and fault draws", () => {
  const t0 = Date.UTC(2026, 10, 26, 10, 0, 0);

  it('says how long to wait for the oldest call of the minute to age out', () => {
    const service = traffic();
    for (let i = 0; i < 60; i++) {
      const verdict = service.admit('org', t0 + i * 500);
      expect(verdict.allowed).toBe(true);
      service.release('org');
    }
    const refused = service.admit('org', t0 + 40_000);
    expect(refused).toMatchObject({ allowed: false, problem: 'minute', retryAfter: 20 });
    expect(refused.headers['X-MinLimit-Remaining']).toBe('0');
    expect(service.admit('org', t0 + 60_001).allowed).toBe(true);
  });

  it('counts each organisation on its own, and starts a new day at midnight UTC', () => {
    const service = traffic({ XERO_SANDBOX_LIMIT_PER_DAY: '2' });
    service.admit('a', t0);
    service.admit('a', t0);
    expect(service.admit('b', t0).allowed).toBe(true);
    const refused = service.admit('a', t0);
    expect(refused).toMatchObject({ allowed: false, problem: 'day', retryAfter: 14 * 3600 });
    expect(service.admit('a', Date.UTC(2026, 10, 27, 0, 0, 1)).allowed).toBe(true);
  });

  it('admits everything when the limits are off', () => {
    const service = traffic({ XERO_SANDBOX_LIMITS: 'false', XERO_SANDBOX_LIMIT_CONCURRENT: '1' });
    expect(service.admit('org', t0).allowed).toBe(true);
    expect(service.admit('org', t0).allowed).toBe(true);
  });

  it('draws the same faults from the same seed, and ghost writes only for writes', () => {
    const draws = (seed: number) => {
      const service = traffic({ XERO_SANDBOX_FAULT_503: '0.3', XERO_SANDBOX_SEED: String(seed) });
      return Array.from({ length: 50 }, () => service.drawFault(false) ?? 'none');
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    const ghost = traffic({ XERO_SANDBOX_FAULT_GHOST_WRITE: '1' });
    expect(ghost.drawFault(false)).toBeUndefined();
    expect(ghost.drawFault(true)).toBe('ghostWrite');
  });

  it('tells calls that ignored an announced Retry-After from those already on their way', () => {
    const service = traffic();
    const throttled = {};
    const other = {};
    service.announceRetryAfter('org', 2, throttled, t0);
    // Sent again on the connection that carried the 429: the client had read it.
    expect(service.insideRetryAfter('org', throttled, t0 + 5)).toBe(true);
    // Another connection, at once: it may have left before the 429 arrived.
    expect(service.insideRetryAfter('org', other, t0 + 5)).toBe(false);
    expect(service.insideRetryAfter('org', other, t0 + 500)).toBe(true);
    expect(service.insideRetryAfter('other-org', other, t0 + 500)).toBe(false);
    expect(service.insideRetryAfter('org', throttled, t0 + 2000)).toBe(false);
  });

  it('shortens its minute for tests', () => {
    const service = traffic({ XERO_SANDBOX_LIMIT_PER_MINUTE: '2' });
    expect(service.setLimits({ windowSeconds: 5 })).toMatchObject({ perMinute: 2, windowSeconds: 5 });
    service.admit('org', t0);
    service.release('org');
    service.admit('org', t0 + 1000);
    service.release('org');
    expect(service.admit('org', t0 + 2000)).toMatchObject({ allowed: false, retryAfter: 3 });
    expect(service.admit('org', t0 + 5000).allowed).toBe(true);
  });
});
