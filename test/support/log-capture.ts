import { Writable } from 'node:stream';

/** A log destination for createApp that keeps every structured line, for tests that read the logs. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const entries = () =>
    lines.map((line) => JSON.parse(line) as { level: number; msg?: string; context?: string });
  return {
    destination,
    lines,
    /** Warnings (pino level 40) whose message matches. */
    warnings: (pattern: RegExp) => entries().filter((e) => e.level === 40 && pattern.test(e.msg ?? '')),
    /** Errors and worse (pino level 50+). */
    errors: () => entries().filter((e) => e.level >= 50),
  };
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
