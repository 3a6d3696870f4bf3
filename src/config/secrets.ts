import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets generated once for a self-contained installation (embedded database) and kept in DATA_DIR. */
export interface GeneratedSecrets {
  sessionSecret: string;
  tokenEncryptionKeys: string;
  databasePassword: string;
}

const FILE_NAME = 'secrets.json';

// Traversable (not listable) so the embedded database, which runs as its own system user, reaches DATA_DIR/pg.
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  chmodSync(dataDir, 0o711);
}

/** Reads DATA_DIR/secrets.json, creating it (mode 0600) with fresh random values on first use. */
export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  ensureDataDir(dataDir);
  const path = join(dataDir, FILE_NAME);
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return JSON.parse(readFileSync(path, 'utf8')) as GeneratedSecrets;
  }
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(48).toString('base64url'),
    tokenEncryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
    databasePassword: randomBytes(24).toString('base64url'),
  };
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}
