import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { FieldErrors, TooManyAttemptsError, validateForm } from '../common';
import { SignInFormDto } from './dto/user-form.dto';

const refusedForms = new WeakMap<Request, FieldErrors>();

/** The messages for a sign-in form that was refused before any account was looked up. */
export function signInFormErrors(req: Request): FieldErrors | undefined {
  return refusedForms.get(req);
}

/**
 * Checks email and password; a failure does not throw, so the sign-in page can say so next to the form.
 * A form no account could match (a control character, an overlong entry) is refused without a look-up.
 */
@Injectable()
export class LocalSignInGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T): T {
    // Wrong credentials arrive as no user; an error is a real failure (the database, say) and must show.
    if (error) throw error;
    return user;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const form = await validateForm(SignInFormDto, req.body);
    if (!form.ok) refusedForms.set(req, form.errors);
    else await super.canActivate(context);
    return true;
  }
}

/**
 * Too many sign-in attempts for one email or from one address: 429 with a plain message and `Retry-After`
 * (the throttler itself only sends `Retry-After-<throttler name>`, which no client reads).
 */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected readonly attempts: string = 'sign-in attempts';

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    const minutes = Math.ceil(seconds / 60);
    throw new TooManyAttemptsError(
      `Too many ${this.attempts}. For your security, wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    );
  }
}

/** Guesses at the current password on the change-password form, counted per signed-in user. */
@Injectable()
export class PasswordCheckThrottlerGuard extends SignInThrottlerGuard {
  protected override readonly attempts = 'attempts at your current password';
}
