import { MikroORM } from '@mikro-orm/postgresql';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { applyMigrations } from '../database';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { refuseControlCharactersInQuery } from './text-input';
import { configureViews } from './views';

/**
 * What every HTTP application of this project shares (the product and the stand-alone Xero sandbox):
 * structured logs, body parsing, pages, one error filter, and the schema migrated before modules start.
 */
export async function startHttpApp(app: NestExpressApplication): Promise<NestExpressApplication> {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.useBodyParser('urlencoded', { extended: true, limit: '1mb' });
  // Xero accepts request bodies up to 3.5 MB (batch writes); the sandbox must too.
  app.useBodyParser('json', { limit: '3.5mb' });
  app.use(refuseControlCharactersInQuery);
  configureViews(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  await applyMigrations(app.get(MikroORM));
  await app.init();
  return app;
}
