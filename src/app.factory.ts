import { MikroORM } from '@mikro-orm/postgresql';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter, configureViews } from './common';
import { AppConfig } from './config';

/**
 * Builds the whole application on a database that is already running: the same path for `npm start`
 * and for the end-to-end tests. Pending migrations are applied before any module starts work.
 */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.appUrl.startsWith('https:') ? 1 : false);
  app.disable('x-powered-by');
  app.useBodyParser('urlencoded', { extended: true, limit: '1mb' });
  // Xero accepts request bodies up to 3.5 MB (batch writes); the sandbox must too.
  app.useBodyParser('json', { limit: '3.5mb' });
  configureViews(app);
  app.useGlobalFilters(new AllExceptionsFilter());

  await app.get(MikroORM).getMigrator().up();
  await app.init();
  return app;
}
