import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM } from '@mikro-orm/postgresql';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule, Logger } from 'nestjs-pino';
import { AllExceptionsFilter, configureViews, loggerParams } from '../common';
import { AppConfig, ConfigModule } from '../config';
import { createOrmOptions } from '../mikro-orm.config';
import { XeroSandboxModule } from './xero-sandbox.module';

/** The sandbox without the LRM around it: what `npm run xero-sandbox` serves on its own port. */
@Module({})
export class XeroSandboxStandaloneModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: XeroSandboxStandaloneModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        MikroOrmModule.forRoot({ ...createOrmOptions(databaseUrl), registerRequestContext: true }),
        XeroSandboxModule,
      ],
    };
  }
}

export async function createSandboxApp(
  config: AppConfig,
  databaseUrl: string,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    XeroSandboxStandaloneModule.forRoot(config, databaseUrl),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.useBodyParser('urlencoded', { extended: true, limit: '1mb' });
  // Xero accepts request bodies up to 3.5 MB (batch writes).
  app.useBodyParser('json', { limit: '3.5mb' });
  configureViews(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  await app.get(MikroORM).getMigrator().up();
  await app.init();
  return app;
}
