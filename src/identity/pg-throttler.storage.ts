import { MikroORM } from '@mikro-orm/postgresql';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

const PURGE_EVERY = 100;

interface Row {
  hits: number;
  expires_in_ms: string;
  blocked_for_ms: string | null;
}

/**
 * @nestjs/throttler's storage, kept in PostgreSQL (table `sign_in_attempt`): a fixed window per key, counted
 * with one atomic upsert, and a block once the limit is passed. Shared by all instances, unlike the default
 * in-memory storage, so more instances do not mean more guesses.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private calls = 0;

  constructor(private readonly orm: MikroORM) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const hashed = createHash('sha256').update(`${throttlerName}:${key}`).digest('hex');
    const connection = this.orm.em.fork().getConnection();
    // Now and then, forget windows that have run out, so the table stays the size of current activity.
    if (++this.calls % PURGE_EVERY === 0) {
      await connection.execute(
        `delete from sign_in_attempt where expires_at < now() and coalesce(blocked_until, now()) <= now()`,
      );
    }
    const [row] = await connection.execute<Row[]>(
      `insert into sign_in_attempt (key, hits, expires_at, blocked_until)
         values (?, 1, now() + ? * interval '1 millisecond', null)
         on conflict (key) do update set
           hits = case when sign_in_attempt.expires_at <= now() then 1 else sign_in_attempt.hits + 1 end,
           expires_at = case when sign_in_attempt.expires_at <= now()
                             then now() + ? * interval '1 millisecond' else sign_in_attempt.expires_at end,
           blocked_until = case
             when sign_in_attempt.blocked_until > now() then sign_in_attempt.blocked_until
             when (case when sign_in_attempt.expires_at <= now() then 1 else sign_in_attempt.hits + 1 end) > ?
               then now() + ? * interval '1 millisecond'
             else null end
         returning hits,
           (extract(epoch from expires_at - now()) * 1000)::bigint as expires_in_ms,
           (extract(epoch from blocked_until - now()) * 1000)::bigint as blocked_for_ms`,
      [hashed, ttl, ttl, limit, blockDuration],
    );
    const blockedForMs = Number(row.blocked_for_ms ?? 0);
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, Math.ceil(Number(row.expires_in_ms) / 1000)),
      isBlocked: blockedForMs > 0,
      timeToBlockExpire: Math.max(0, Math.ceil(blockedForMs / 1000)),
    };
  }
}
