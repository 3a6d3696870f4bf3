import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiResult } from './sandbox-batch';
import { XeroHttpError } from './sandbox.errors';

/** Xero keeps idempotency results for minutes only: it guards retries, not long-term duplicates. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;
const MAX_KEY_LENGTH = 128;

interface Entry {
  fingerprint: string;
  expiresAt: number;
  result: Promise<ApiResult>;
}

/** Replays the first answer to a write repeated with the same Idempotency-Key and body. */
@Injectable()
export class SandboxIdempotencyService {
  private readonly entries = new Map<string, Entry>();

  async run(
    tenantId: string,
    key: string | undefined,
    request: { method: string; path: string; body: unknown },
    write: () => Promise<ApiResult>,
  ): Promise<ApiResult> {
    if (!key) return write();
    if (key.length > MAX_KEY_LENGTH) {
      throw new XeroHttpError(400, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: `Idempotency-Key must be ${MAX_KEY_LENGTH} characters or fewer`,
      });
    }
    this.prune();
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const id = `${tenantId}:${key}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new XeroHttpError(400, {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'The Idempotency-Key has already been used with a different request body',
        });
      }
      return existing.result;
    }
    const result = write();
    this.entries.set(id, { fingerprint, expiresAt: Date.now() + IDEMPOTENCY_WINDOW_MS, result });
    // A failed write (an exception, not a Xero answer) is not remembered, so it can be retried.
    result.catch(() => this.entries.delete(id));
    return result;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
