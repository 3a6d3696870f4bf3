import type { RunningDatabase } from '../../src/database';

/** Shared between jest's global setup and teardown, which run in the same process. */
export const testState: { embedded?: RunningDatabase; templateUrl?: string } = ((
  globalThis as Record<string, unknown>
).__lrmTestState ??= {}) as never;
