import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfig, EncryptionKey } from '../config';

const FORMAT = 'v1';

/**
 * AES-256-GCM for secrets at rest (Xero token sets, PKCE verifiers): a random IV per write, the account id as
 * associated data (a ciphertext copied to another account's row does not decrypt), and the key id in the
 * output so TOKEN_ENCRYPTION_KEYS can rotate: the first key encrypts, any listed key decrypts.
 */
@Injectable()
export class TokenCipher {
  private readonly keys: EncryptionKey[];

  constructor(config: AppConfig) {
    this.keys = config.tokenEncryptionKeys;
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plaintext: string, accountId: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(accountId, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  decrypt(ciphertext: string, accountId: string): string {
    const [format, keyId, iv, tag, data] = ciphertext.split('.');
    const key = this.keys.find((k) => k.id === keyId);
    if (format !== FORMAT || !key || !iv || !tag || data === undefined) {
      throw new Error(
        `Cannot decrypt: unknown format or key id "${keyId}" (is it still in TOKEN_ENCRYPTION_KEYS?)`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** The key id a stored value was written with. */
  keyIdOf(ciphertext: string): string | undefined {
    return ciphertext.split('.')[1];
  }
}
