import { loadConfig } from '../config';
import { TokenCipher } from './token-cipher';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const cipherWith = (keys: string) =>
  new TokenCipher(
    loadConfig({
      DATABASE_URL: 'postgresql://x@localhost/db',
      SESSION_SECRET: 's'.repeat(40),
      TOKEN_ENCRYPTION_KEYS: keys,
    }),
  );

describe('TokenCipher', () => {
  const account = '5d0c6a47-3c58-4f4e-9a0a-6f1f6f0c2b11';

  it('hides the plaintext, and writes a different ciphertext every time', () => {
    const cipher = cipherWith(`k1:${key(1)}`);
    const a = cipher.encrypt('refresh-token-value', account);
    const b = cipher.encrypt('refresh-token-value', account);
    expect(a).not.toContain('refresh-token-value');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a, account)).toBe('refresh-token-value');
  });

  it('refuses a ciphertext moved to another account or altered', () => {
    const cipher = cipherWith(`k1:${key(1)}`);
    const sealed = cipher.encrypt('secret', account);
    expect(() => cipher.decrypt(sealed, 'another-account')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), account)).toThrow();
  });

  it('decrypts values of an older key after rotation, and encrypts with the newest', () => {
    const old = cipherWith(`k1:${key(1)}`).encrypt('secret', account);
    const rotated = cipherWith(`k2:${key(2)},k1:${key(1)}`);
    expect(rotated.decrypt(old, account)).toBe('secret');
    expect(rotated.keyIdOf(rotated.encrypt('secret', account))).toBe('k2');
    expect(() => cipherWith(`k2:${key(2)}`).decrypt(old, account)).toThrow(/k1/);
  });
});
