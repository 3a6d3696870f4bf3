import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AccountOwnerOnly,
  ALL_ROLES,
  AuthenticatedUser,
  CurrentUser,
  DomainError,
  flash,
  formatDateTime,
  NotFoundError,
  ROLE_LABELS,
  UuidPipe,
  validateForm,
} from '../common';
import { ChangeRoleDto, CreateUserDto } from './dto/user-form.dto';
import { EmailTakenError } from './identity.errors';
import { UsersService } from './users.service';

const roleOptions = (selected?: string) =>
  ALL_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], selected: role === selected }));

@AccountOwnerOnly()
@Controller('settings')
export class SettingsController {
  @Get()
  @Render('identity/settings')
  index() {
    return { title: 'Settings' };
  }
}

@AccountOwnerOnly()
@Controller('settings/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Render('identity/users')
  async list(@CurrentUser() me: AuthenticatedUser) {
    const users = await this.users.list(me.accountId);
    return {
      title: 'Users',
      users: users.map((user) => ({
        id: user.id,
        name: user.name,
        email: user.email,
        roleLabel: ROLE_LABELS[user.role],
        roles: roleOptions(user.role),
        active: user.active,
        isMe: user.id === me.id,
        lastSignInAt: formatDateTime(user.lastSignInAt, me.timeZone),
      })),
    };
  }

  @Get('new')
  @Render('identity/user-new')
  newUser() {
    return { title: 'Add a user', roles: roleOptions(), values: { mustChangePassword: true } };
  }

  @Post()
  async create(
    @CurrentUser() me: AuthenticatedUser,
    @Body() body: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = await validateForm(CreateUserDto, body);
    const rerender = (errors: Record<string, string>) =>
      res.status(400).render('identity/user-new', {
        title: 'Add a user',
        roles: roleOptions(body.role),
        values: { ...body, password: '', mustChangePassword: body.mustChangePassword === 'on' },
        errors,
      });
    if (!form.ok) return rerender(form.errors);
    try {
      const user = await this.users.create(me.accountId, form.value);
      flash(req, 'success', `${user.name} can now sign in as ${ROLE_LABELS[user.role]} with ${user.email}.`);
      return res.redirect(303, '/settings/users');
    } catch (error) {
      if (error instanceof EmailTakenError) return rerender({ email: error.message });
      throw error;
    }
  }

  @Post(':id/role')
  async changeRole(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = await validateForm(ChangeRoleDto, body);
    if (!form.ok) {
      flash(req, 'error', form.errors.role);
    } else {
      await this.applyOrExplain(
        req,
        () => this.users.changeRole(me.accountId, id, form.value.role),
        (user) => `${user.name} is now ${ROLE_LABELS[user.role]}.`,
      );
    }
    return res.redirect(303, '/settings/users');
  }

  @Post(':id/deactivate')
  deactivate(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.setActive(me, id, false, req, res);
  }

  @Post(':id/activate')
  activate(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.setActive(me, id, true, req, res);
  }

  private async setActive(me: AuthenticatedUser, id: string, active: boolean, req: Request, res: Response) {
    await this.applyOrExplain(
      req,
      () => this.users.setActive(me.accountId, id, active),
      (user) =>
        active ? `${user.name} can sign in again.` : `${user.name} is deactivated and can no longer sign in.`,
    );
    return res.redirect(303, '/settings/users');
  }

  /** A refused change (the last owner) comes back as a message on the list; "not found" stays a 404. */
  private async applyOrExplain<T>(req: Request, change: () => Promise<T>, success: (result: T) => string) {
    try {
      flash(req, 'success', success(await change()));
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      flash(req, 'error', error.message);
    }
  }
}
