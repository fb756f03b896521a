import {
  AppError,
  type AccessStore,
  type ApiKey,
  type AuditRecord,
  type Org,
  type Session,
  type User,
} from '@haechi/core';
import { toKey, toOrg, toSession, toUser } from '../rows/access-rows.js';
import { readRow } from '../rows/row-reader.js';
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import { all, audit, get, isUniqueViolation, run, type SqlRunner } from '../sql/statements.js';

type Row = Record<string, unknown>;

/** {@link AccessStore} on either backend: organisations, people, keys and sessions, each change audited. */
export class SqlAccessStore implements AccessStore {
  constructor(
    private readonly sql: SqlRunner,
    /** Closes the connection the stores share (once, whichever store asks). */
    private readonly closeConnection: () => void | Promise<void>,
  ) {}

  /** One row by a statement, mapped, or null. */
  private one<T>(map: (row: Row) => T, sql: string, ...params: unknown[]): Promise<T | null> {
    return this.sql.perform(function* () {
      const row = yield* get(sql, ...params);
      return row ? map(row) : null;
    });
  }

  private many<T>(map: (row: Row) => T, sql: string, ...params: unknown[]): Promise<T[]> {
    return this.sql.perform(function* () {
      return (yield* all(sql, ...params)).map(map);
    });
  }

  /** A change whose RETURNING row becomes the result, with its audit entry, in one transaction. */
  private changed<T>(
    map: (row: Row) => T,
    entry: (result: T) => AuditRecord,
    sql: string,
    ...params: unknown[]
  ): Promise<T | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(sql, ...params);
        if (!row) return null;
        const result = map(row);
        yield* audit(entry(result));
        return result;
      },
      { transaction: true },
    );
  }

  async createOrg(input: Omit<Org, 'id'>, actor = 'system'): Promise<Org> {
    try {
      return (await this.changed(
        toOrg,
        (org) => ({
          at: input.createdAt,
          actor,
          action: 'org.created',
          objectType: 'org',
          objectId: String(org.id),
          beforeDigest: null,
          afterDigest: auditDigest(org),
          details: { name: org.name, kind: org.kind, jurisdiction: org.jurisdiction },
        }),
        `INSERT INTO orgs (name, kind, jurisdiction, subscriptions, policy, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        input.name,
        input.kind,
        input.jurisdiction,
        JSON.stringify(input.subscriptions),
        JSON.stringify(input.policy ?? {}),
        input.createdAt,
      )) as Org;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('org_exists', `an organisation named "${input.name}" already exists`);
      throw error;
    }
  }

  getOrg(id: number): Promise<Org | null> {
    return this.one(toOrg, 'SELECT * FROM orgs WHERE id = ?', id);
  }

  getOrgByName(name: string): Promise<Org | null> {
    return this.one(toOrg, 'SELECT * FROM orgs WHERE name = ?', name);
  }

  listOrgs(): Promise<Org[]> {
    return this.many(toOrg, 'SELECT * FROM orgs ORDER BY name');
  }

  updateOrg(
    id: number,
    changes: Partial<Pick<Org, 'subscriptions' | 'policy'>>,
    meta: { at: string; actor: string },
  ): Promise<Org> {
    return this.sql.perform(
      function* () {
        const before = yield* get('SELECT * FROM orgs WHERE id = ?', id);
        const row = yield* get(
          `UPDATE orgs SET subscriptions = COALESCE(?, subscriptions), policy = COALESCE(?, policy)
            WHERE id = ? RETURNING *`,
          changes.subscriptions === undefined ? null : JSON.stringify(changes.subscriptions),
          changes.policy === undefined ? null : JSON.stringify(changes.policy),
          id,
        );
        if (!row || !before) throw new AppError('org_not_found', `no organisation with id ${id}`);
        const org = toOrg(row);
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: 'org.configured',
          objectType: 'org',
          objectId: String(id),
          beforeDigest: auditDigest(toOrg(before)),
          afterDigest: auditDigest(org),
          details: { changed: Object.keys(changes).sort() },
        });
        return org;
      },
      { transaction: true },
    );
  }

  async createUser(input: Omit<User, 'id' | 'disabledAt'>, actor = 'system'): Promise<User> {
    try {
      return (await this.changed(
        toUser,
        // No email or name in the log, nor in the digest (a digest of an email can be guessed).
        (user) => ({
          at: input.createdAt,
          actor,
          action: 'user.created',
          objectType: 'user',
          objectId: String(user.id),
          beforeDigest: null,
          afterDigest: auditDigest({
            id: user.id,
            orgId: user.orgId,
            role: user.role,
            createdAt: user.createdAt,
          }),
          details: { orgId: user.orgId, role: user.role },
        }),
        `INSERT INTO users (org_id, email, display_name, role, password_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        input.orgId,
        input.email,
        input.displayName,
        input.role,
        input.passwordHash,
        input.createdAt,
      )) as User;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('user_exists', 'a user with this email already exists');
      throw error;
    }
  }

  getUser(id: number): Promise<User | null> {
    return this.one(toUser, 'SELECT * FROM users WHERE id = ?', id);
  }

  listUsers(orgId: number): Promise<User[]> {
    return this.many(toUser, 'SELECT * FROM users WHERE org_id = ? ORDER BY id', orgId);
  }

  disableUser(
    orgId: number,
    id: number,
    meta: { at: string; actor: string },
  ): Promise<User | null> {
    return this.changed(
      toUser,
      (user) => ({
        at: meta.at,
        actor: meta.actor,
        action: 'user.disabled',
        objectType: 'user',
        objectId: String(user.id),
        beforeDigest: null,
        afterDigest: null,
        details: { orgId },
      }),
      'UPDATE users SET disabled_at = ? WHERE id = ? AND org_id = ? AND disabled_at IS NULL RETURNING *',
      meta.at,
      id,
      orgId,
    );
  }

  enableUser(orgId: number, id: number, meta: { at: string; actor: string }): Promise<User | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          'UPDATE users SET disabled_at = NULL WHERE id = ? AND org_id = ? AND disabled_at IS NOT NULL RETURNING *',
          id,
          orgId,
        );
        if (!row) return null;
        const user = toUser(row);
        yield* run(
          'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL',
          meta.at,
          user.id,
        );
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: 'user.enabled',
          objectType: 'user',
          objectId: String(user.id),
          beforeDigest: null,
          afterDigest: null,
          details: { orgId },
        });
        return user;
      },
      { transaction: true },
    );
  }

  getUserByEmail(email: string): Promise<User | null> {
    return this.one(toUser, 'SELECT * FROM users WHERE email = ?', email);
  }

  async createApiKey(input: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    return (await this.changed(
      toKey,
      (key) => ({
        at: input.createdAt,
        actor: input.createdBy,
        action: 'api_key.issued',
        objectType: 'api_key',
        objectId: String(key.id),
        beforeDigest: null,
        afterDigest: auditDigest({
          id: key.id,
          orgId: key.orgId,
          prefix: key.prefix,
          label: key.label,
        }),
        details: { orgId: key.orgId, prefix: key.prefix },
      }),
      `INSERT INTO api_keys (org_id, prefix, secret_hash, label, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      input.orgId,
      input.prefix,
      input.secretHash,
      input.label,
      input.createdBy,
      input.createdAt,
    )) as ApiKey;
  }

  getApiKeyByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.one(toKey, 'SELECT * FROM api_keys WHERE prefix = ?', prefix);
  }

  listApiKeys(orgId: number): Promise<ApiKey[]> {
    return this.many(toKey, 'SELECT * FROM api_keys WHERE org_id = ? ORDER BY id', orgId);
  }

  revokeApiKey(orgId: number, id: number, at: string, actor = 'system'): Promise<ApiKey | null> {
    return this.changed(
      toKey,
      (key) => ({
        at,
        actor,
        action: 'api_key.revoked',
        objectType: 'api_key',
        objectId: String(key.id),
        beforeDigest: null,
        afterDigest: null,
        details: { orgId, prefix: key.prefix },
      }),
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org_id = ? AND revoked_at IS NULL RETURNING *',
      at,
      id,
      orgId,
    );
  }

  async createSession(input: Omit<Session, 'revokedAt'>): Promise<void> {
    await this.sql.perform(() =>
      run(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        input.tokenHash,
        input.userId,
        input.createdAt,
        input.expiresAt,
      ),
    );
  }

  getSession(tokenHash: string): Promise<Session | null> {
    return this.one(toSession, 'SELECT * FROM sessions WHERE token_hash = ?', tokenHash);
  }

  async revokeSession(tokenHash: string, at: string): Promise<void> {
    await this.sql.perform(() =>
      run(
        'UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
        at,
        tokenHash,
      ),
    );
  }

  async setPlatformDomains(
    orgId: number,
    domains: readonly string[],
    meta: { at: string; actor: string },
  ): Promise<void> {
    await this.sql.perform(
      function* () {
        yield* run('DELETE FROM platform_domains WHERE org_id = ?', orgId);
        for (const domain of domains) {
          try {
            yield* run(
              'INSERT INTO platform_domains (domain, org_id) VALUES (?, ?)',
              domain,
              orgId,
            );
          } catch (error) {
            if (isUniqueViolation(error))
              throw new AppError('domain_taken', `${domain} is registered to another platform`);
            throw error;
          }
        }
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: 'org.domains_set',
          objectType: 'org',
          objectId: String(orgId),
          beforeDigest: null,
          afterDigest: null,
          details: { domains: [...domains] },
        });
      },
      { transaction: true },
    );
  }

  listPlatformDomains(): Promise<Array<{ domain: string; orgId: number }>> {
    return this.many((row) => {
      const r = readRow('platform_domains', row);
      return { domain: r.text('domain'), orgId: r.int('org_id') };
    }, 'SELECT domain, org_id FROM platform_domains ORDER BY domain');
  }

  getWebhookUrl(orgId: number): Promise<string | null> {
    return this.one(
      (row) => readRow('orgs', row).textOrNull('webhook_url'),
      'SELECT webhook_url FROM orgs WHERE id = ?',
      orgId,
    ).then((url) => url ?? null);
  }

  async setWebhookUrl(
    orgId: number,
    url: string | null,
    meta: { at: string; actor: string },
  ): Promise<void> {
    await this.sql.perform(
      function* () {
        const changed = yield* run('UPDATE orgs SET webhook_url = ? WHERE id = ?', url, orgId);
        if (changed === 0) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: 'org.webhook_url_set',
          objectType: 'org',
          objectId: String(orgId),
          beforeDigest: null,
          afterDigest: null,
          details: { set: url !== null },
        });
      },
      { transaction: true },
    );
  }

  getWebhookSecret(orgId: number): Promise<string | null> {
    return this.one(
      (row) => readRow('orgs', row).textOrNull('webhook_secret'),
      'SELECT webhook_secret FROM orgs WHERE id = ?',
      orgId,
    ).then((secret) => secret ?? null);
  }

  async setWebhookSecret(orgId: number, secret: string, at: string, actor: string): Promise<void> {
    await this.sql.perform(
      function* () {
        const changed = yield* run(
          'UPDATE orgs SET webhook_secret = ? WHERE id = ?',
          secret,
          orgId,
        );
        if (changed === 0) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
        yield* audit({
          at,
          actor,
          action: 'org.webhook_secret_set',
          objectType: 'org',
          objectId: String(orgId),
          beforeDigest: null,
          afterDigest: null,
          details: {},
        });
      },
      { transaction: true },
    );
  }

  async close(): Promise<void> {
    await this.closeConnection();
  }
}
