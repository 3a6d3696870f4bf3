/** Exponential backoff with full jitter: attempt 1 waits up to 1 s, then 2 s, 4 s … capped at 30 s. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
