import { Body, Controller, Get, HttpCode, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import {
  AuthenticatedUser,
  CurrentUser,
  flash,
  Public,
  safeNextPath,
  SignedIn,
  validateForm,
} from '../common';
import { CHANGE_PASSWORD_PATH } from './access.guard';
import { ChangePasswordDto } from './dto/user-form.dto';
import {
  LocalSignInGuard,
  PasswordCheckThrottlerGuard,
  signInFormErrors,
  SignInThrottlerGuard,
} from './sign-in.guards';
import { UsersService } from './users.service';
import { SESSION_COOKIE } from './web-session';

/** A new session id for a signed-in user: a session id planted or stolen before this moment is worth nothing. */
async function startSession(req: Request, userId: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}

export const SIGN_IN_FAILED = 'The email or password is incorrect.';

@Public()
@Controller()
export class SignInController {
  @Get('login')
  page(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('signedOut') out?: string,
  ) {
    if (req.session?.userId) return res.redirect(303, safeNextPath(next));
    return res.render('identity/login', {
      title: 'Sign in',
      next: safeNextPath(next),
      signedOut: out === '1',
    });
  }

  @Post('login')
  @UseGuards(SignInThrottlerGuard, LocalSignInGuard)
  @HttpCode(200)
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: { email?: string; next?: string }) {
    const next = safeNextPath(body.next);
    const errors = signInFormErrors(req);
    if (errors) {
      return res.status(400).render('identity/login', { title: 'Sign in', next, email: body.email, errors });
    }
    const user = req.user;
    if (!user) {
      return res.status(401).render('identity/login', {
        title: 'Sign in',
        next,
        email: body.email ?? '',
        error: SIGN_IN_FAILED,
      });
    }
    await startSession(req, user.id);
    return res.redirect(303, user.mustChangePassword ? CHANGE_PASSWORD_PATH : next);
  }
}

@SignedIn()
@Controller()
export class AccountController {
  constructor(private readonly users: UsersService) {}

  @Post('logout')
  async signOut(@Req() req: Request, @Res() res: Response) {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE);
    return res.redirect(303, '/login?signedOut=1');
  }

  @Get('account/password')
  @Render('identity/change-password')
  passwordPage(@CurrentUser() user: AuthenticatedUser) {
    return { title: 'Change your password', required: user.mustChangePassword };
  }

  @Post('account/password')
  // Counted per user, so a stolen session cannot guess its way to the password behind it.
  @UseGuards(PasswordCheckThrottlerGuard)
  @Throttle({ email: { getTracker: (req) => `user:${String((req as Request).session?.userId)}` } })
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = await validateForm(ChangePasswordDto, body);
    const errors = form.ok ? {} : { ...form.errors };
    if (form.ok && body.newPassword !== body.confirmPassword) {
      errors.confirmPassword = 'The two new passwords do not match.';
    }
    if (form.ok && Object.keys(errors).length === 0) {
      const changed = await this.users.changeOwnPassword(user.id, body.currentPassword, body.newPassword);
      if (changed === 'changed') {
        await startSession(req, user.id);
        flash(
          req,
          'success',
          'Your password has been changed. Any other browser signed in as you has been signed out.',
        );
        return res.redirect(303, '/');
      }
      if (changed === 'wrong-password') errors.currentPassword = 'This is not your current password.';
      else errors.newPassword = 'Choose a new password that is different from your current one.';
    }
    return res.status(400).render('identity/change-password', {
      title: 'Change your password',
      required: user.mustChangePassword,
      errors,
    });
  }
}
