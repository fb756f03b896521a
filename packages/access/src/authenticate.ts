import { randomBytes } from 'node:crypto';
import { AppError, type AccessStore, type Principal } from '@haechi/core';
import { secretMatches, sha256Hex, splitApiKey } from './api-key-secret.js';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './password-hash.js';

const UNAUTHENTICATED = (): AppError =>
  new AppError('unauthenticated', 'a valid API key or session token is required');

/**
 * The principal behind a bearer token: a platform's API key (`hk_…`) or a session token from
 * {@link login}. Every failure gives the same error, so the answer never tells which part was wrong.
 */
export async function authenticate(
  store: AccessStore,
  token: string | undefined,
  now: Date,
): Promise<Principal> {
  if (!token) throw UNAUTHENTICATED();
  const key = splitApiKey(token);
  if (key) {
    const record = await store.getApiKeyByPrefix(key.prefix);
    if (!record || record.revokedAt !== null || !secretMatches(key.secret, record.secretHash))
      throw UNAUTHENTICATED();
    return {
      kind: 'api_key',
      orgId: record.orgId,
      role: 'platform',
      actor: `key:${record.prefix}`,
      keyId: record.id,
    };
  }
  if (!/^hs_[A-Za-z0-9_-]{43}$/.test(token)) throw UNAUTHENTICATED();
  const session = await store.getSession(sha256Hex(token));
  if (!session || session.revokedAt !== null || Date.parse(session.expiresAt) <= now.getTime())
    throw UNAUTHENTICATED();
  const user = await store.getUser(session.userId);
  if (!user || user.disabledAt !== null) throw UNAUTHENTICATED();
  return {
    kind: 'user',
    orgId: user.orgId,
    role: user.role,
    actor: `user:${user.id}`,
    userId: user.id,
  };
}

/** A session lasts this long after login (a working day plus slack). */
export const SESSION_HOURS = 12;

/**
 * Signs a person in with email and password; returns a session token (`hs_…`), stored only as its
 * hash. A wrong email and a wrong password give the same error and take the same time.
 */
export async function login(
  store: AccessStore,
  input: { email: string; password: string },
  now: Date,
): Promise<{ token: string; expiresAt: string; userId: number }> {
  const user = await store.getUserByEmail(input.email.trim().toLowerCase());
  // Hash even for an unknown email, so timing does not reveal which emails exist.
  const stored = user?.passwordHash ?? UNKNOWN_ACCOUNT_HASH;
  const ok = await verifyPassword(input.password, stored);
  if (!user || !ok || user.disabledAt !== null)
    throw new AppError('unauthenticated', 'wrong email or password');
  const token = `hs_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await store.createSession({
    tokenHash: sha256Hex(token),
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { token, expiresAt, userId: user.id };
}

export async function logout(store: AccessStore, token: string, now: Date): Promise<void> {
  await store.revokeSession(sha256Hex(token), now.toISOString());
}
