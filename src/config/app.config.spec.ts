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
});
