import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  AccessDeniedError,
  IS_PUBLIC,
  redactUrl,
  RedirectRequired,
  Role,
  ROLES,
  SignInRequiredError,
} from '../common';
import { UsersService } from './users.service';

export const CHANGE_PASSWORD_PATH = '/account/password';

/**
 * Deny by default: every route needs a signed-in, active user unless marked @Public(), and a role listed by
 * @Roles()/@AccountOwnerOnly()/@SignedIn(). A route with no access decision is refused for everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<Request>();
    const userId = req.session?.userId;
    const user = userId ? await this.users.findForSession(userId, req.session.signedInAt) : null;
    if (!user) {
      if (userId) delete req.session.userId;
      // Come back to the same page after sign-in, but never carry credentials (an OAuth code) along.
      const back = redactUrl(req.originalUrl) === req.originalUrl ? req.originalUrl : req.path;
      throw new SignInRequiredError(back);
    }
    req.user = user;
    if (user.mustChangePassword && req.path !== CHANGE_PASSWORD_PATH && req.path !== '/logout') {
      throw new RedirectRequired(CHANGE_PASSWORD_PATH);
    }

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!allowed) {
      this.logger.error(`${req.method} ${req.path} has no access decision (@Public, @Roles or @SignedIn)`);
      throw new AccessDeniedError([]);
    }
    if (!allowed.includes(user.role)) throw new AccessDeniedError(allowed);
    return true;
  }
}
