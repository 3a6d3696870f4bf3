import { CreateRequestContext, EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Role, ROLE_LABELS } from '../common';
import { AppConfig } from '../config';
import { Account } from './account.entity';
import { hashPassword } from './passwords';
import { User } from './user.entity';

export const DEMO_ACCOUNT_NAME = 'Demo Training Co';
export const DEMO_PASSWORD = 'demo-pass-1';
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'owner@demo.test', name: 'Olivia Owner', role: Role.Owner },
  { email: 'admin@demo.test', name: 'Adam Admin', role: Role.Admin },
  { email: 'finance@demo.test', name: 'Fiona Finance', role: Role.Finance },
  { email: 'trainer@demo.test', name: 'Tom Trainer', role: Role.Trainer },
];

/** The demo account and its four users (embedded database or SEED_DEMO=true). Safe to run on every boot. */
@Injectable()
export class DemoAccountsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    // Used by @CreateRequestContext to give this boot-time work its own unit of work.
    private readonly orm: MikroORM,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    await this.seed();
    this.logger.log(
      `Demo sign-in (password "${DEMO_PASSWORD}"): ` +
        DEMO_USERS.map((u) => `${u.email} (${ROLE_LABELS[u.role]})`).join(', '),
    );
  }

  @CreateRequestContext()
  async seed(): Promise<Account> {
    const em = this.orm.em as EntityManager;
    const account =
      (await em.findOne(Account, { name: DEMO_ACCOUNT_NAME })) ??
      em.create(Account, { name: DEMO_ACCOUNT_NAME });
    const existing = new Set(
      (await em.find(User, { email: DEMO_USERS.map((u) => u.email) })).map((u) => u.email),
    );
    const passwordHash = existing.size < DEMO_USERS.length ? await hashPassword(DEMO_PASSWORD) : '';
    for (const demo of DEMO_USERS.filter((u) => !existing.has(u.email))) {
      em.persist(new User(account, demo.email, demo.name, demo.role, passwordHash));
    }
    await em.flush();
    return account;
  }
}
