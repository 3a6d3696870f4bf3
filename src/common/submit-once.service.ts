import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthenticatedUser } from './access';
import { ConflictError } from './domain.error';

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** How long a repeated submission waits for the first one to finish. */
const WAIT_MS = 10_000;
const POLL_MS = 50;

export const ALREADY_RECORDED = 'Already recorded: the form was sent twice, and it was recorded once.';

/** A new one-time token, rendered as a hidden `formToken` field of a form that creates a record. */
export const newFormToken = () => randomBytes(18).toString('base64url');

export class SubmissionInProgressError extends ConflictError {
  constructor() {
    super('This form is still being recorded. Reload the page in a moment to see the result.');
  }
}

/**
 * Lets a form that creates a record be recorded once per token: a double click, or Back and submit again,
 * lands on the first submission's result. The token is claimed with one INSERT in PostgreSQL, so two
 * submissions at once (or on two app instances) cannot both run.
 */
@Injectable()
export class SubmitOnceService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Runs `work` (which returns where its result is) unless this token was already used; then answers the
   * first submission's location with `replayed`. A failed `work` frees the token, so the corrected form can
   * be sent again. A submission without a token simply runs.
   */
  async once(
    user: AuthenticatedUser,
    token: unknown,
    work: () => Promise<string>,
  ): Promise<{ location: string; replayed: boolean }> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return { location: await work(), replayed: false };
    const replayedTo = await this.claim(user.id, token);
    if (replayedTo) return { location: replayedTo, replayed: true };
    let location: string;
    try {
      location = await work();
    } catch (error) {
      await this.sql(`delete from "form_submission" where "user_id" = ? and "token" = ?`, [user.id, token]);
      throw error;
    }
    await this.sql(`update "form_submission" set "location" = ? where "user_id" = ? and "token" = ?`, [
      location,
      user.id,
      token,
    ]);
    return { location, replayed: false };
  }

  /** Undefined when this submission holds the token now; else where the first one's result is. */
  private async claim(userId: string, token: string): Promise<string | undefined> {
    await this.sql(
      `delete from "form_submission" where "user_id" = ? and "created_at" < now() - interval '1 day'`,
      [userId],
    );
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const claimed = await this.sql(
        `insert into "form_submission" ("user_id", "token", "created_at") values (?, ?, now()) on conflict do nothing returning "token"`,
        [userId, token],
      );
      if (claimed.length > 0) return undefined;
      const [first] = await this.sql<{ location: string | null }>(
        `select "location" from "form_submission" where "user_id" = ? and "token" = ?`,
        [userId, token],
      );
      if (first?.location) return first.location;
      // Still being recorded (or just freed by a failure, then the next INSERT claims it).
      if (Date.now() > deadline) throw new SubmissionInProgressError();
      await sleep(POLL_MS);
    }
  }

  private sql<T = Record<string, unknown>>(query: string, params: unknown[]): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query, params);
  }
}
