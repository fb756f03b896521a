import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '@haechi/core';

/**
 * Encrypts personal data at rest (contacts, face embeddings) with AES-256-GCM under a master key
 * from configuration. A sealed value names its key (`v1.<keyId>.<iv>.<tag>.<ciphertext>`), so keys
 * can be rotated: new values use the current key, old ones still open with the keys kept beside it.
 */
export class Sealer {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous])
      if (key.length !== 32) throw new AppError('invalid_input', 'a master key must be 32 bytes');
    const idOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);
    this.keys = new Map([current, ...previous].map((k) => [idOf(k), k]));
    this.currentId = idOf(current);
  }

  /** The id (8 hex digits) of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.currentId;
  }

  /** The key id a sealed value names (null when it is not a sealed value). */
  keyIdOf(sealed: string): string | null {
    const [version, keyId] = sealed.split('.');
    return version === 'v1' && keyId ? keyId : null;
  }

  /** Whether this sealer holds the key a value was sealed with. */
  canOpen(sealed: string): boolean {
    const keyId = this.keyIdOf(sealed);
    return keyId !== null && this.keys.has(keyId);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId) as Buffer, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      this.currentId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (version !== 'v1' || !key || !iv || !tag || body === undefined)
      throw new AppError('internal', 'a sealed value cannot be opened with the configured keys');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** A keyed MAC for tokens the server issues and checks itself (victims' case tokens). */
  mac(text: string): string {
    return createHmac('sha256', this.keys.get(this.currentId) as Buffer)
      .update(`mac:${text}`)
      .digest('base64url');
  }
}
