import { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Inject, MiddlewareConsumer, Module, NestModule, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { Pool } from 'pg';
import { viewContext } from '../common';
import { AppConfig } from '../config';
import { watchPool } from '../database';
import { AccessGuard } from './access.guard';
import { Account } from './account.entity';
import { AccountController, SignInController } from './auth.controller';
import { DemoAccountsSeeder } from './demo-accounts.seeder';
import { LocalStrategy } from './local.strategy';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { createCsrf, RequestProtectionMiddleware } from './request-protection.middleware';
import { SignInThrottlerGuard, LocalSignInGuard } from './sign-in.guards';
import { User } from './user.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { SettingsController, UsersController } from './users.controller';
import { UsersService } from './users.service';
import { createSessionMiddleware, noStoreWhenSignedIn } from './web-session';

const SESSION_POOL = Symbol('SESSION_POOL');
const FIFTEEN_MINUTES = 15 * 60_000;

@Module({
  imports: [
    MikroOrmModule.forFeature([Account, User, SignInAttempt]),
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [MikroORM],
      useFactory: (orm: MikroORM) => ({
        storage: new PgThrottlerStorage(orm),
        throttlers: [
          {
            name: 'address',
            ttl: FIFTEEN_MINUTES,
            limit: 100,
            blockDuration: FIFTEEN_MINUTES,
            getTracker: (req: Record<string, unknown>) => String((req as unknown as Request).ip),
          },
          {
            name: 'email',
            ttl: FIFTEEN_MINUTES,
            limit: 10,
            blockDuration: FIFTEEN_MINUTES,
            // Per email and address: guesses at one email are stopped without letting anyone lock its owner out.
            getTracker: (req: Record<string, unknown>) =>
              `${String((req as unknown as Request).body?.email ?? '')
                .trim()
                .toLowerCase()}|${String((req as unknown as Request).ip)}`,
          },
        ],
      }),
    }),
  ],
  controllers: [SignInController, AccountController, SettingsController, UsersController],
  providers: [
    UsersService,
    LocalStrategy,
    LocalSignInGuard,
    SignInThrottlerGuard,
    DemoAccountsSeeder,
    { provide: APP_GUARD, useClass: AccessGuard },
    {
      provide: SESSION_POOL,
      inject: [MikroORM],
      useFactory: (orm: MikroORM) =>
        watchPool(new Pool({ connectionString: orm.config.get('clientUrl'), max: 5 }), 'session store'),
    },
  ],
  exports: [UsersService, DemoAccountsSeeder],
})
export class IdentityModule implements NestModule, OnModuleDestroy {
  private closeSessions?: () => void;

  constructor(
    private readonly config: AppConfig,
    @Inject(SESSION_POOL) private readonly pool: Pool,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const sessions = createSessionMiddleware(this.config.session, this.pool);
    const csrf = createCsrf(this.config.session.secureCookie);
    this.closeSessions = sessions.close;
    consumer
      .apply(
        sessions.middleware,
        noStoreWhenSignedIn,
        RequestProtectionMiddleware,
        viewContext((req) => csrf.generateToken(req)),
      )
      // Probes need no session, and /health/live must answer without the database.
      .exclude('health/{*path}')
      .forRoutes('{*path}');
  }

  async onModuleDestroy(): Promise<void> {
    this.closeSessions?.();
    await this.pool.end();
  }
}
