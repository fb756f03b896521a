import type { Jurisdiction } from '../policy/jurisdictions.js';
import type { OrgKind, Role } from './roles.js';

export interface Org {
  readonly id: number;
  readonly name: string;
  readonly kind: OrgKind;
  readonly jurisdiction: Jurisdiction;
  /** Bank names (or `*` for every bank) whose entries screen this platform's uploads. */
  readonly subscriptions: readonly string[];
  /** The platform's adjustments to its jurisdiction's rules (validated when set). */
  readonly policy: unknown;
  readonly createdAt: string;
}

export interface User {
  readonly id: number;
  readonly orgId: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

export interface ApiKey {
  readonly id: number;
  readonly orgId: number;
  /** Public part of the key, shown in lists and logs. */
  readonly prefix: string;
  /** SHA-256 of the secret part (hex); the secret itself is shown once and never stored. */
  readonly secretHash: string;
  readonly label: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface Session {
  readonly tokenHash: string;
  readonly userId: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

/**
 * Organisations, their people, API keys and sessions. Contract: names and emails are unique
 * (AppError `org_exists` / `user_exists`); secrets arrive already hashed and are never returned
 * in clear; nothing is deleted (revocation and disabling set a time); every change appends to the
 * audit log in its transaction, without personal data or secrets.
 */
export interface AccessStore {
  createOrg(input: Omit<Org, 'id'>, actor?: string): Promise<Org>;
  getOrg(id: number): Promise<Org | null>;
  getOrgByName(name: string): Promise<Org | null>;
  listOrgs(): Promise<Org[]>;
  updateOrg(
    id: number,
    changes: Partial<Pick<Org, 'subscriptions' | 'policy'>>,
    meta: { at: string; actor: string },
  ): Promise<Org>;

  createUser(input: Omit<User, 'id' | 'disabledAt'>, actor?: string): Promise<User>;
  getUser(id: number): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  /** The organisation's people, in the order they were added. */
  listUsers(orgId: number): Promise<User[]>;
  /**
   * Disables a person of the organisation (their sessions stop working at once); null when the
   * organisation has no such enabled person.
   */
  disableUser(orgId: number, id: number, meta: { at: string; actor: string }): Promise<User | null>;
  /**
   * Enables a disabled person again. Sessions from before the person was disabled stay ended
   * (they are revoked here): they sign in anew. Null when no disabled person has that id there.
   */
  enableUser(orgId: number, id: number, meta: { at: string; actor: string }): Promise<User | null>;

  createApiKey(input: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey>;
  getApiKeyByPrefix(prefix: string): Promise<ApiKey | null>;
  listApiKeys(orgId: number): Promise<ApiKey[]>;
  /** Returns the revoked key, or null when the org has no such active key. */
  revokeApiKey(orgId: number, id: number, at: string, actor?: string): Promise<ApiKey | null>;

  createSession(input: Omit<Session, 'revokedAt'>): Promise<void>;
  getSession(tokenHash: string): Promise<Session | null>;
  revokeSession(tokenHash: string, at: string): Promise<void>;

  /**
   * Replaces the domains a platform hosts content on (notices for URLs there go to it); AppError
   * `domain_taken` when another platform holds one.
   */
  setPlatformDomains(
    orgId: number,
    domains: readonly string[],
    meta: { at: string; actor: string },
  ): Promise<void>;
  listPlatformDomains(): Promise<Array<{ domain: string; orgId: number }>>;

  /** Where a platform receives its notices by webhook (null: pull API only). */
  getWebhookUrl(orgId: number): Promise<string | null>;
  setWebhookUrl(
    orgId: number,
    url: string | null,
    meta: { at: string; actor: string },
  ): Promise<void>;

  /** The secret that signs this organisation's webhooks (null until one is set). */
  /** The webhook signing secret as stored: sealed under the master key by the server. */
  getWebhookSecret(orgId: number): Promise<string | null>;
  /** Stores a (sealed) webhook signing secret; audited as `org.webhook_secret_set`. */
  setWebhookSecret(orgId: number, secret: string, at: string, actor: string): Promise<void>;

  close(): Promise<void>;
}
