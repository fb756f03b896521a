import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `hk_<prefix>_<secret>`: the prefix (12 base32 characters) finds the row and is
 * safe to show and log; the secret (32 random bytes) is shown once and stored as its SHA-256, which
 * suffices for a random secret (no dictionary to guess from) and keeps verification fast.
 */
const KEY_PATTERN = /^hk_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface NewKeySecret {
  readonly key: string;
  readonly prefix: string;
  readonly secretHash: string;
}

export function generateApiKey(): NewKeySecret {
  const prefix = [...randomBytes(12)].map((b) => BASE32[b & 31]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { key: `hk_${prefix}_${secret}`, prefix, secretHash: sha256Hex(secret) };
}

/** The parts of a presented key, or null when it is not shaped like one of ours. */
export function splitApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = Buffer.from(sha256Hex(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
