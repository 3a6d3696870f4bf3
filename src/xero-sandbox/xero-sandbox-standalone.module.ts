import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, startHttpApp } from '../common';
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
  return startHttpApp(app);
}
