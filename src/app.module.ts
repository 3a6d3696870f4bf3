import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loggerParams, SubmitOnceModule } from './common';
import { AppConfig, ConfigModule } from './config';
import { DashboardModule } from './dashboard';
import { FinanceModule } from './finance';
import { HealthModule } from './health';
import { IdentityModule } from './identity';
import { IntegrationsModule } from './integrations';
import { LearnersModule } from './learners';
import { createOrmOptions } from './mikro-orm.config';
import { SyncModule } from './sync';
import { XeroSandboxModule } from './xero-sandbox';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, logDestination)),
        MikroOrmModule.forRoot({ ...createOrmOptions(databaseUrl), registerRequestContext: true }),
        EventEmitterModule.forRoot(),
        SubmitOnceModule,
        HealthModule,
        IdentityModule,
        IntegrationsModule,
        DashboardModule,
        ...(config.xero.mode === 'sandbox' ? [XeroSandboxModule] : []),
        LearnersModule,
        FinanceModule,
        SyncModule,
      ],
    };
  }
}
