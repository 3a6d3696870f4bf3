import { Injectable } from '@nestjs/common';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { SandboxStore, StoredDocument } from './sandbox.store';

interface SigningKeyDocument extends StoredDocument {
  kid: string;
  privateKeyPem: string;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** The RS256 key the sandbox signs its tokens with; kept in the store so tokens survive a restart. */
@Injectable()
export class SandboxKeysService {
  private kid: string;
  private privateKey: KeyObject;
  private publicKey: KeyObject;

  constructor(private readonly store: SandboxStore) {}

  async init(): Promise<void> {
    let doc = this.store.get<SigningKeyDocument>('signing-key', 'current');
    if (!doc) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      doc = {
        id: 'current',
        kid: randomUUID().replace(/-/g, '').slice(0, 16),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      };
      await this.store.save('signing-key', [doc]);
    }
    this.kid = doc.kid;
    this.privateKey = createPrivateKey(doc.privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, kty: 'RSA', alg: 'RS256', use: 'sig' }] };
  }

  sign(payload: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: this.kid, typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${body}`), this.privateKey);
    return `${header}.${body}.${b64url(signature)}`;
  }

  /** The payload of a token this sandbox signed, or undefined when the signature or shape is wrong. */
  verify(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string };
      if (header.alg !== 'RS256') return undefined;
      const ok = verify(
        'RSA-SHA256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        this.publicKey,
        Buffer.from(parts[2], 'base64url'),
      );
      return ok
        ? (JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** OpenID Connect's at_hash: the left half of the SHA-256 of the access token. */
  static atHash(accessToken: string): string {
    return b64url(createHash('sha256').update(accessToken).digest().subarray(0, 16));
  }
}
