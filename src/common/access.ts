import type {} from 'express-session';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export enum Role {
  Owner = 'owner',
  Admin = 'admin',
  Finance = 'finance',
  Trainer = 'trainer',
}

export const ALL_ROLES: readonly Role[] = [Role.Owner, Role.Admin, Role.Finance, Role.Trainer];

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Owner]: 'Account Owner',
  [Role.Admin]: 'Administrator',
  [Role.Finance]: 'Finance',
  [Role.Trainer]: 'Trainer',
};

/** The signed-in user as every request sees it, re-read from the database on each request. */
export interface AuthenticatedUser {
  id: string;
  accountId: string;
  accountName: string;
  /** The account's IANA time zone: dates on pages are shown in it. */
  timeZone: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
}

export const ROLES = 'roles';

/** The roles that may use a controller (set at class level) or a single route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Connected Apps, the Manage screen and every sync option: the Account Owner and nobody else. */
export const AccountOwnerOnly = () => Roles(Role.Owner);

/** Any signed-in user, whatever the role. */
export const SignedIn = () => Roles(...ALL_ROLES);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<Request>().user as AuthenticatedUser,
);

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthenticatedUser;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** When this session signed in (ms); sessions older than the user's `sessionsValidFrom` are void. */
    signedInAt?: number;
    flash?: FlashMessage[];
  }
}

export interface FlashMessage {
  kind: 'success' | 'info' | 'warning' | 'error';
  message: string;
}
