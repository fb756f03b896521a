import { MIN_PASSWORD_SCORE, passwordScore } from './password-strength.js';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), 32 MiB and ~50 ms a hash. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 128 * (params.N ?? 0) * (params.r ?? 0) * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Checked against when the account (an email, a case code) does not exist: verifying against it
 * costs what a real check costs, so the time taken does not tell which accounts exist.
 */
export const UNKNOWN_ACCOUNT_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Passwords a person chooses: long enough, short enough to hash quickly, and hard to guess (twelve
 * spaces or `aaaaaaaaaaaa` are long, and worthless). Null when it will do, else why not.
 */
export function checkPasswordStrength(
  password: string,
  related: readonly string[] = [],
): string | null {
  if (password.length < 12) return 'a password needs at least 12 characters';
  if (password.length > 256) return 'a password may have at most 256 characters';
  if (passwordScore(password, related) < MIN_PASSWORD_SCORE)
    return 'this password is too easy to guess (repeats, sequences, keyboard patterns and common words are); a few unrelated words make a good one';
  return null;
}
