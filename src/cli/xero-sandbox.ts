import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadStandaloneSandboxConfig } from '../config';
import { openDatabase } from '../database';
import { createSandboxApp } from '../xero-sandbox';

/** `npm run xero-sandbox`: the Xero sandbox alone, so an app in production mode can be pointed at it. */
async function main(): Promise<void> {
  const config = loadStandaloneSandboxConfig();
  const logger = pino({ level: config.logLevel, base: { context: 'XeroSandbox' } });
  const database = await openDatabase(config, (line) => logger.debug(line));
  const app = await createSandboxApp(config, database.url).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const stop = async () => {
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen(config.port);
  logger.info(
    `Xero sandbox ready at ${config.appUrl}/xero-sandbox (issuer ${config.xero.identityUrl}, API ${config.xero.apiUrl}); ` +
      `OAuth client ${config.xero.clientId} with redirect URI ${config.xero.redirectUri}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `Configuration error: ${error.message}\n`
      : `Xero sandbox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
