import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { startHttpApp } from './common';
import { AppConfig } from './config';

/**
 * Builds the whole application on a database that is already running: the same path for `npm start`
 * and for the end-to-end tests. Pending migrations are applied before any module starts work.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logDestination?: DestinationStream } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl, options.logDestination),
    {
      bufferLogs: true,
    },
  );
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: contentSecurityPolicy(config) },
      // Under helmet's default `no-referrer`, Chromium sends `Origin: null` with same-site form posts, which
      // the CSRF origin check must refuse; `same-origin` keeps the real origin there and still sends no
      // referrer to any other site.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  return startHttpApp(app);
}

/**
 * The ordered stop: the HTTP server takes no new requests and waits for those in flight, then Nest closes
 * (modules' shutdown hooks, so workers stop after their current batch), and the ORM last, in its own hook.
 * The caller stops the database after this.
 */
export async function closeApp(app: NestExpressApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  if (server.listening) {
    await new Promise<void>((resolve) => {
      // Kept-alive connections that fall idle after their last response would hold close() open.
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      server.close(() => {
        clearInterval(idle);
        resolve();
      });
      server.closeIdleConnections();
    });
  }
  await app.close();
}

/**
 * No inline script or style anywhere. Forms may only go to this site and to Xero's sign-in page (Connect
 * redirects there, and browsers apply form-action to that redirect): login.xero.com, or the origin of the
 * configured identity server when it is elsewhere (a sandbox on its own port).
 */
function contentSecurityPolicy(config: AppConfig) {
  const https = config.appUrl.startsWith('https:');
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: [...new Set(["'self'", 'https://login.xero.com', new URL(config.xero.identityUrl).origin])],
    upgradeInsecureRequests: https ? [] : null,
  };
}
