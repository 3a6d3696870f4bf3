import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError } from './config.error';
import { LogLevel, validateEnvironment } from './environment';
import { loadOrCreateSecrets } from './secrets';
import { buildSyncConfig, SyncConfig } from './sync.config';
import { buildXeroConfig, XeroConfig } from './xero.config';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface SessionConfig {
  secret: string;
  idleMinutes: number;
  secureCookie: boolean;
}

/**
 * The application's typed configuration. Built once at boot by loadConfig() and provided to Nest under
 * this class, so services inject `AppConfig` and never read the environment themselves.
 */
export class AppConfig {
  port: number;
  appUrl: string;
  dataDir: string;
  /** Set when an external PostgreSQL is used; undefined means the embedded database. */
  databaseUrl?: string;
  /** Password of the embedded database's superuser (embedded mode only). */
  embeddedDatabasePassword?: string;
  logLevel: LogLevel;
  seedDemo: boolean;
  session: SessionConfig;
  /**
   * Express's `trust proxy`: which reverse proxies' `X-Forwarded-For` names the client, so throttling tells
   * users apart by their own address: false, a number of hops, or proxy addresses and subnets.
   */
  trustProxy: false | number | string[];
  /** Newest first: the first key encrypts, every key decrypts. */
  tokenEncryptionKeys: EncryptionKey[];
  xero: XeroConfig;
  sync: SyncConfig;

  get usesEmbeddedDatabase(): boolean {
    return this.databaseUrl === undefined;
  }
}

export type EnvironmentSource = Record<string, string | undefined>;

export function loadConfig(source: EnvironmentSource): AppConfig {
  const env = validateEnvironment(source);
  const config = new AppConfig();
  config.port = env.PORT ?? 3000;
  config.appUrl = (env.APP_URL ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  config.dataDir = resolve(env.DATA_DIR ?? './.data');
  config.databaseUrl = env.DATABASE_URL;
  config.logLevel = env.LOG_LEVEL ?? 'info';

  let sessionSecret = env.SESSION_SECRET;
  let tokenKeys = env.TOKEN_ENCRYPTION_KEYS;
  if (config.usesEmbeddedDatabase) {
    const secrets = loadOrCreateSecrets(config.dataDir);
    sessionSecret ??= secrets.sessionSecret;
    tokenKeys ??= secrets.tokenEncryptionKeys;
    config.embeddedDatabasePassword = secrets.databasePassword;
  } else {
    if (!sessionSecret) {
      throw new ConfigError('SESSION_SECRET', 'SESSION_SECRET is required when DATABASE_URL is set');
    }
    if (!tokenKeys) {
      throw new ConfigError(
        'TOKEN_ENCRYPTION_KEYS',
        'TOKEN_ENCRYPTION_KEYS is required when DATABASE_URL is set',
      );
    }
  }

  config.session = {
    secret: sessionSecret!,
    idleMinutes: env.SESSION_IDLE_MINUTES ?? 8 * 60,
    secureCookie: config.appUrl.startsWith('https:'),
  };
  config.trustProxy = parseTrustProxy(env.TRUST_PROXY, config.appUrl);
  config.tokenEncryptionKeys = parseEncryptionKeys(tokenKeys!);
  config.xero = buildXeroConfig(env, config.appUrl);
  config.sync = buildSyncConfig(env);
  // Demo users have a published password: by default only where they cannot reach a real Xero organisation.
  config.seedDemo = env.SEED_DEMO
    ? env.SEED_DEMO === 'true'
    : config.usesEmbeddedDatabase && config.xero.mode === 'sandbox';
  return config;
}

/** Unset: one proxy in front of an https APP_URL (TLS ends there), none otherwise. */
function parseTrustProxy(value: string | undefined, appUrl: string): AppConfig['trustProxy'] {
  if (value === undefined) return appUrl.startsWith('https:') ? 1 : false;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) continue;
    const version = isIP(address);
    if (version === 0 || (bits !== undefined && Number(bits) > (version === 4 ? 32 : 128))) {
      throw new ConfigError('TRUST_PROXY', `TRUST_PROXY has "${entry}", which is not an address or subnet`);
    }
  }
  return entries;
}

function parseEncryptionKeys(value: string): EncryptionKey[] {
  const keys = value.split(',').map((entry) => {
    const [id, material] = entry.split(':');
    return { id, key: Buffer.from(material, 'base64') };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) {
    throw new ConfigError('TOKEN_ENCRYPTION_KEYS', 'TOKEN_ENCRYPTION_KEYS has the same key id twice');
  }
  return keys;
}
