import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, TEST_SESSION_SECRET, TEST_TOKEN_KEYS, TestApp } from './test-app';

export interface WorkerProcess {
  child: ChildProcess;
  /** What the process wrote, for a failing test's message. */
  output(): string;
  /** Resolves once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Another instance of the LRM, as a separate Node process running src/main.ts on the test app's database,
 * with its sync workers on, talking to the test app's Xero sandbox as a real Xero. Killable with SIGKILL.
 */
export async function startWorkerProcess(
  t: TestApp,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const port = await freePort();
  const root = resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      DATABASE_URL: t.database.url,
      SESSION_SECRET: TEST_SESSION_SECRET,
      TOKEN_ENCRYPTION_KEYS: TEST_TOKEN_KEYS,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-worker-')),
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      XERO_MODE: 'xero',
      XERO_CLIENT_ID: t.config.xero.clientId,
      XERO_CLIENT_SECRET: t.config.xero.clientSecret,
      XERO_REDIRECT_URI: t.config.xero.redirectUri,
      XERO_IDENTITY_URL: t.config.xero.identityUrl,
      XERO_API_URL: t.config.xero.apiUrl,
      SYNC_WORKERS: 'true',
      SYNC_POLLING_SECONDS: '0.5',
      SYNC_RETRY_DELAY_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // Ready once it answers its health check.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output, exited };
}
