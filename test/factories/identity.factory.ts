import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { INestApplication } from '@nestjs/common';
import { Role } from '../../src/common';
import { Account, hashPassword, User } from '../../src/identity';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestAccount {
  account: Account;
  users: Record<Role, User>;
}

let passwordHash: Promise<string> | undefined;

/** An account with one user of each role, emails prefixed so several accounts can live in one database. */
export async function createAccountWithUsers(app: INestApplication, prefix: string): Promise<TestAccount> {
  const em = app.get(MikroORM).em.fork() as EntityManager;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const account = em.create(Account, { name: `${prefix} Training` });
  const users = {} as Record<Role, User>;
  for (const role of Object.values(Role)) {
    users[role] = new User(account, `${role}@${prefix}.test`, `${prefix} ${role}`, role, await passwordHash);
    em.persist(users[role]);
  }
  await em.flush();
  return { account, users };
}
