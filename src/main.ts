import 'reflect-metadata';
import pino from 'pino';
import { closeApp, createApp } from './app.factory';
import { ConfigError, loadProcessConfig } from './config';
import { openDatabase } from './database';

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const config = loadProcessConfig();
  const logger = pino({ level: config.logLevel, base: { context: 'Boot' } });
  const database = await openDatabase(config, (line, level = 'debug') => logger[level](line));
  logger.info(`Database: ${database.description}`);

  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, database.url);
  } catch (error) {
    await database.stop();
    throw error;
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    force.unref();
    database.expectStop();
    try {
      await closeApp(app);
    } finally {
      await database.stop();
    }
    logger.info('Stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.port);
  logger.info(`LRM is ready at ${config.appUrl}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
