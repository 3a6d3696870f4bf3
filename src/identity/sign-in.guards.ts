import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyAttemptsError } from '../common';

/** Checks email and password; a failure does not throw, so the sign-in page can say so next to the form. */
@Injectable()
export class LocalSignInGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T): T {
    // Wrong credentials arrive as no user; an error is a real failure (the database, say) and must show.
    if (error) throw error;
    return user;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    return true;
  }
}

/** Too many sign-in attempts for one email or from one address: 429 with a plain message. */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const minutes = Math.max(1, Math.ceil(detail.timeToBlockExpire / 60));
    throw new TooManyAttemptsError(
      `Too many sign-in attempts. For your security, wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    );
  }
}
