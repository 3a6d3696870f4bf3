import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, NotFoundError, Role } from '../common';
import { Account } from './account.entity';
import { CreateUserDto } from './dto/user-form.dto';
import { EmailTakenError, LastOwnerError } from './identity.errors';
import { hashPassword, verifyPassword } from './passwords';
import { User } from './user.entity';

export function toAuthenticatedUser(user: User): AuthenticatedUser {
  return {
    id: user.id,
    accountId: user.account.id,
    accountName: user.account.name,
    timeZone: user.account.timeZone,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

/** Users of one account. Every method takes the caller's account id; another account's user is "not found". */
@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  /** The user behind a session, re-read on every request so role changes and deactivation apply at once. */
  async findForSession(userId: string, signedInAt: number | undefined): Promise<AuthenticatedUser | null> {
    const user = await this.em.findOne(User, { id: userId, active: true }, { populate: ['account'] });
    if (!user || !signedInAt || signedInAt < user.sessionsValidFrom.getTime()) return null;
    return toAuthenticatedUser(user);
  }

  /** Checks a sign-in; the same answer (null) for an unknown email, a wrong password and a deactivated user. */
  async verifyCredentials(email: string, password: string): Promise<AuthenticatedUser | null> {
    const user = await this.em.findOne(
      User,
      { email: email.trim().toLowerCase() },
      { populate: ['account', 'passwordHash'] },
    );
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid || !user.active) return null;
    user.lastSignInAt = new Date();
    await this.em.flush();
    return toAuthenticatedUser(user);
  }

  list(accountId: string): Promise<User[]> {
    return this.em.find(User, { account: accountId }, { orderBy: { active: 'desc', name: 'asc' } });
  }

  async create(accountId: string, input: CreateUserDto): Promise<User> {
    if (await this.em.count(User, { email: input.email })) throw new EmailTakenError();
    const account = await this.em.findOneOrFail(Account, accountId);
    const user = new User(account, input.email, input.name, input.role, await hashPassword(input.password));
    user.mustChangePassword = input.mustChangePassword;
    try {
      await this.em.persistAndFlush(user);
    } catch (error) {
      // Two owners adding the same address at once: the unique index decides, with the same answer.
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      throw error;
    }
    return user;
  }

  changeRole(accountId: string, userId: string, role: Role): Promise<User> {
    return this.withOwnerCheck(accountId, userId, (user, otherOwners) => {
      if (user.role === Role.Owner && role !== Role.Owner && user.active && otherOwners === 0) {
        throw new LastOwnerError('demote');
      }
      user.role = role;
    });
  }

  setActive(accountId: string, userId: string, active: boolean): Promise<User> {
    return this.withOwnerCheck(accountId, userId, (user, otherOwners) => {
      if (!active && user.role === Role.Owner && user.active && otherOwners === 0) {
        throw new LastOwnerError('deactivate');
      }
      // Reactivating must not bring back sessions from before the deactivation.
      if (!active) user.sessionsValidFrom = new Date();
      user.active = active;
    });
  }

  async changeOwnPassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<'changed' | 'wrong-password' | 'same-password'> {
    const user = await this.em.findOneOrFail(User, userId, { populate: ['passwordHash'] });
    if (!(await verifyPassword(user.passwordHash, currentPassword))) return 'wrong-password';
    // A password handed over by someone else (a forced change) must really be replaced.
    if (await verifyPassword(user.passwordHash, newPassword)) return 'same-password';
    user.passwordHash = await hashPassword(newPassword);
    user.mustChangePassword = false;
    // Every other session of this user ends; the caller starts a fresh one for the current browser.
    user.sessionsValidFrom = new Date();
    await this.em.flush();
    return 'changed';
  }

  /**
   * Runs a change to one user with the account row locked, so two owners demoting each other at the same
   * moment cannot leave the account without an active owner.
   */
  private withOwnerCheck(
    accountId: string,
    userId: string,
    change: (user: User, otherActiveOwners: number) => void,
  ): Promise<User> {
    return this.em.transactional(async (em) => {
      await em.findOneOrFail(Account, accountId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const user = await em.findOne(User, { id: userId, account: accountId });
      if (!user) throw new NotFoundError('No such user in this account.');
      const otherOwners = await em.count(User, {
        account: accountId,
        role: Role.Owner,
        active: true,
        id: { $ne: userId },
      });
      change(user, otherOwners);
      return user;
    });
  }
}
