import { createHash } from 'node:crypto';
import { constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig } from '../config';
import { DatabaseLog, RunningDatabase, startEmbeddedDatabase } from './embedded-database';

export const EMBEDDED_DATABASE_NAME = 'lrm';

/** Opens the configured database: the external server of DATABASE_URL, or the embedded one. */
export async function openDatabase(config: AppConfig, onLog?: DatabaseLog): Promise<RunningDatabase> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      description: describeUrl(config.databaseUrl),
      expectStop: () => undefined,
      stop: async () => undefined,
    };
  }
  return startEmbeddedDatabase({
    directory: clusterDirectory(config.dataDir, onLog),
    password: config.embeddedDatabasePassword!,
    databaseName: EMBEDDED_DATABASE_NAME,
    onLog,
  });
}

/** A connection URL without its credentials, for logs. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * Where the embedded cluster lives: DATA_DIR/pg. PostgreSQL runs as its own system user when the app runs as
 * root, and that user must be able to reach the directory; when a parent folder (such as /root) shuts it out,
 * the cluster goes to a fixed place of its own under /var/lib instead, one per DATA_DIR.
 */
function clusterDirectory(dataDir: string, onLog?: (line: string) => void): string {
  const preferred = join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || reachableByOthers(dataDir)) return preferred;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const fallback = join('/var/lib/lrm-embedded-postgres', hash);
  mkdirSync(dirname(fallback), { recursive: true, mode: 0o711 });
  onLog?.(
    `${dataDir} is not reachable by the postgres system user; the embedded cluster lives in ${fallback}`,
  );
  return fallback;
}

function reachableByOthers(directory: string): boolean {
  for (let dir = directory; ; dir = dirname(dir)) {
    try {
      if ((statSync(dir).mode & constants.S_IXOTH) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(dir) === dir) return true;
  }
}
