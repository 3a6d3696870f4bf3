import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app.config';
import { ConfigError } from './config.error';

const KEY = Buffer.alloc(32, 1).toString('base64');
const external = {
  DATABASE_URL: 'postgresql://app:pw@db.internal:5432/lrm',
  SESSION_SECRET: 'x'.repeat(40),
  TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
};
const freshDir = () => mkdtempSync(join(tmpdir(), 'lrm-config-'));

function errorOf(source: Record<string, string>): ConfigError {
  try {
    loadConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to port 3000, an APP_URL on that port and the embedded database', () => {
    const config = loadConfig({ DATA_DIR: freshDir() });
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.session.secureCookie).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not-a-url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://db/lrm' }, 'DATABASE_URL'],
    [{ APP_URL: 'localhost:3000' }, 'APP_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TOKEN_ENCRYPTION_KEYS: 'k1:short' }, 'TOKEN_ENCRYPTION_KEYS'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
  ])('refuses %j and names %s', (source, variable) => {
    const error = errorOf({ DATA_DIR: freshDir(), ...source });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('seeds the demo users only with the embedded database and the Xero sandbox, unless asked', () => {
    expect(loadConfig({ DATA_DIR: freshDir() }).seedDemo).toBe(true);
    const realXero = { DATA_DIR: freshDir(), XERO_CLIENT_ID: 'client', XERO_CLIENT_SECRET: 'secret' };
    expect(loadConfig(realXero).seedDemo).toBe(false);
    expect(loadConfig({ ...realXero, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('requires the secrets when an external database is used', () => {
    expect(errorOf({ DATABASE_URL: external.DATABASE_URL }).variable).toBe('SESSION_SECRET');
    expect(
      errorOf({ DATABASE_URL: external.DATABASE_URL, SESSION_SECRET: external.SESSION_SECRET }).variable,
    ).toBe('TOKEN_ENCRYPTION_KEYS');
    const config = loadConfig(external);
    expect(config.usesEmbeddedDatabase).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.tokenEncryptionKeys).toEqual([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
  });

  it('generates the secrets of an embedded installation once, readable only by its owner', () => {
    const dir = freshDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.session.secret).toBe(first.session.secret);
    expect(second.tokenEncryptionKeys[0].key.equals(first.tokenEncryptionKeys[0].key)).toBe(true);
    expect(first.tokenEncryptionKeys[0].key).toHaveLength(32);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain(first.session.secret);
  });

  it('keeps every rotation key, newest first, and refuses a repeated key id', () => {
    const older = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ ...external, TOKEN_ENCRYPTION_KEYS: `k2:${KEY},k1:${older}` });
    expect(config.tokenEncryptionKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(errorOf({ ...external, TOKEN_ENCRYPTION_KEYS: `k1:${KEY},k1:${older}` }).variable).toBe(
      'TOKEN_ENCRYPTION_KEYS',
    );
  });

  it('marks the session cookie Secure when the public URL is https', () => {
    const config = loadConfig({ ...external, APP_URL: 'https://lrm.example.edu.au/' });
    expect(config.appUrl).toBe('https://lrm.example.edu.au');
    expect(config.session.secureCookie).toBe(true);
  });

  it('defaults to the Xero sandbox on this app when no Xero client is configured', () => {
    const config = loadConfig({ DATA_DIR: freshDir(), APP_URL: 'http://127.0.0.1:4000' });
    expect(config.xero).toMatchObject({
      mode: 'sandbox',
      clientId: 'lrm-sandbox-client',
      clientSecret: 'lrm-sandbox-secret',
      redirectUri: 'http://127.0.0.1:4000/settings/integrations/xero/callback',
      identityUrl: 'http://127.0.0.1:4000/xero-sandbox/identity',
      apiUrl: 'http://127.0.0.1:4000/xero-sandbox/api',
    });
    expect(config.xero.scopes).toContain('offline_access');
    expect(config.xero.sandbox.limits).toEqual({ enabled: true, perMinute: 60, concurrent: 5, perDay: 5000 });
    expect(config.xero.sandbox.accessTokenMinutes).toBe(30);
  });

  it('talks to Xero itself once a client id is set, and then requires the secret', () => {
    const config = loadConfig({ ...external, XERO_CLIENT_ID: 'abc', XERO_CLIENT_SECRET: 'shh' });
    expect(config.xero).toMatchObject({
      mode: 'xero',
      identityUrl: 'https://identity.xero.com',
      apiUrl: 'https://api.xero.com',
    });
    expect(errorOf({ ...external, XERO_CLIENT_ID: 'abc' }).variable).toBe('XERO_CLIENT_SECRET');
    expect(errorOf({ ...external, XERO_MODE: 'xero' }).variable).toBe('XERO_CLIENT_ID');
  });

  it('reads the sandbox limits and fault rates', () => {
    const config = loadConfig({
      DATA_DIR: freshDir(),
      XERO_SANDBOX_LIMITS: 'false',
      XERO_SANDBOX_FAULT_503: '0.25',
      XERO_SANDBOX_SEED: '42',
      XERO_SANDBOX_ACCESS_TOKEN_MINUTES: '1',
    });
    expect(config.xero.sandbox.limits.enabled).toBe(false);
    expect(config.xero.sandbox.faults.unavailable).toBe(0.25);
    expect(config.xero.sandbox.seed).toBe(42);
    expect(config.xero.sandbox.accessTokenMinutes).toBe(1);
  });

  it.each([
    [{ XERO_MODE: 'live' }, 'XERO_MODE'],
    [{ XERO_REDIRECT_URI: 'callback' }, 'XERO_REDIRECT_URI'],
    [{ XERO_SANDBOX_FAULT_429: '2' }, 'XERO_SANDBOX_FAULT_429'],
    [{ XERO_SANDBOX_LIMIT_PER_MINUTE: '0' }, 'XERO_SANDBOX_LIMIT_PER_MINUTE'],
    [{ XERO_SANDBOX_ADMIN_TOKEN: 'short' }, 'XERO_SANDBOX_ADMIN_TOKEN'],
  ])('refuses the Xero setting %j and names %s', (source, variable) => {
    expect(errorOf({ DATA_DIR: freshDir(), ...source }).variable).toBe(variable);
  });
});
