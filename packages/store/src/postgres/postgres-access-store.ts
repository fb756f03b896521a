import {
  AppError,
  type AccessStore,
  type ApiKey,
  type Org,
  type Session,
  type User,
} from '@haechi/core';
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { toOrg, toUser, toKey } from '../rows/access-rows.js';

type Row = Record<string, unknown>;

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string }).code === '23505';

/** {@link AccessStore} on PostgreSQL: the same statements as SQLite's, each change with its audit entry. */
export class PostgresAccessStore implements AccessStore {
  private readonly audit: PostgresAuditLog;

  constructor(
    private readonly pool: PostgresPool,
    private readonly closePool: () => Promise<void> = () => pool.end(),
  ) {
    this.audit = new PostgresAuditLog(pool);
  }

  /** Runs a change and its audit entry in one transaction. */
  private audited<T>(change: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => change(new Db(client, this.audit)));
  }

  private get db(): Db {
    return new Db(this.pool, this.audit);
  }

  async createOrg(input: Omit<Org, 'id'>, actor = 'system'): Promise<Org> {
    try {
      return await this.audited(async (db) => {
        const row = (await db
          .prepare(
            `INSERT INTO orgs (name, kind, jurisdiction, subscriptions, policy, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            input.name,
            input.kind,
            input.jurisdiction,
            JSON.stringify(input.subscriptions),
            JSON.stringify(input.policy ?? {}),
            input.createdAt,
          )) as Row;
        const org = toOrg(row);
        await db.audit({
          at: input.createdAt,
          actor,
          action: 'org.created',
          objectType: 'org',
          objectId: String(org.id),
          beforeDigest: null,
          afterDigest: auditDigest(org),
          details: { name: org.name, kind: org.kind, jurisdiction: org.jurisdiction },
        });
        return org;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('org_exists', `an organisation named "${input.name}" already exists`);
      throw error;
    }
  }

  async getOrg(id: number): Promise<Org | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM orgs WHERE id = ?').get(id)) as Row | undefined;
    return row ? toOrg(row) : null;
  }

  async getOrgByName(name: string): Promise<Org | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM orgs WHERE name = ?').get(name)) as
      Row | undefined;
    return row ? toOrg(row) : null;
  }

  async listOrgs(): Promise<Org[]> {
    const db = this.db;
    return ((await db.prepare('SELECT * FROM orgs ORDER BY name').all()) as Row[]).map(toOrg);
  }

  async updateOrg(
    id: number,
    changes: Partial<Pick<Org, 'subscriptions' | 'policy'>>,
    meta: { at: string; actor: string },
  ): Promise<Org> {
    return this.audited(async (db) => {
      const before = (await db.prepare('SELECT * FROM orgs WHERE id = ?').get(id)) as
        Row | undefined;
      const row = (await db
        .prepare(
          `UPDATE orgs SET subscriptions = COALESCE(?, subscriptions), policy = COALESCE(?, policy)
          WHERE id = ? RETURNING *`,
        )
        .get(
          changes.subscriptions === undefined ? null : JSON.stringify(changes.subscriptions),
          changes.policy === undefined ? null : JSON.stringify(changes.policy),
          id,
        )) as Row | undefined;
      if (!row || !before) throw new AppError('org_not_found', `no organisation with id ${id}`);
      const org = toOrg(row);
      await db.audit({
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
    });
  }

  async createUser(input: Omit<User, 'id' | 'disabledAt'>, actor = 'system'): Promise<User> {
    try {
      return await this.audited(async (db) => {
        const row = (await db
          .prepare(
            `INSERT INTO users (org_id, email, display_name, role, password_hash, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            input.orgId,
            input.email,
            input.displayName,
            input.role,
            input.passwordHash,
            input.createdAt,
          )) as Row;
        const user = toUser(row);
        // No email or name in the log, nor in the digest (a digest of an email can be guessed).
        await db.audit({
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
        });
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('user_exists', 'a user with this email already exists');
      throw error;
    }
  }

  async getUser(id: number): Promise<User | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM users WHERE id = ?').get(id)) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(orgId: number): Promise<User[]> {
    const db = this.db;
    return (
      (await db.prepare('SELECT * FROM users WHERE org_id = ? ORDER BY id').all(orgId)) as Row[]
    ).map(toUser);
  }

  async disableUser(
    orgId: number,
    id: number,
    meta: { at: string; actor: string },
  ): Promise<User | null> {
    return this.audited(async (db) => {
      const row = (await db
        .prepare(
          'UPDATE users SET disabled_at = ? WHERE id = ? AND org_id = ? AND disabled_at IS NULL RETURNING *',
        )
        .get(meta.at, id, orgId)) as Row | undefined;
      if (!row) return null;
      const user = toUser(row);
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'user.disabled',
        objectType: 'user',
        objectId: String(user.id),
        beforeDigest: null,
        afterDigest: null,
        details: { orgId },
      });
      return user;
    });
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM users WHERE email = ?').get(email)) as
      Row | undefined;
    return row ? toUser(row) : null;
  }

  async createApiKey(input: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    return this.audited(async (db) => {
      const row = (await db
        .prepare(
          `INSERT INTO api_keys (org_id, prefix, secret_hash, label, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          input.orgId,
          input.prefix,
          input.secretHash,
          input.label,
          input.createdBy,
          input.createdAt,
        )) as Row;
      const key = toKey(row);
      await db.audit({
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
      });
      return key;
    });
  }

  async getApiKeyByPrefix(prefix: string): Promise<ApiKey | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM api_keys WHERE prefix = ?').get(prefix)) as
      Row | undefined;
    return row ? toKey(row) : null;
  }

  async listApiKeys(orgId: number): Promise<ApiKey[]> {
    const db = this.db;
    return (
      (await db.prepare('SELECT * FROM api_keys WHERE org_id = ? ORDER BY id').all(orgId)) as Row[]
    ).map(toKey);
  }

  async revokeApiKey(
    orgId: number,
    id: number,
    at: string,
    actor = 'system',
  ): Promise<ApiKey | null> {
    return this.audited(async (db) => {
      const row = (await db
        .prepare(
          'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org_id = ? AND revoked_at IS NULL RETURNING *',
        )
        .get(at, id, orgId)) as Row | undefined;
      if (!row) return null;
      const key = toKey(row);
      await db.audit({
        at,
        actor,
        action: 'api_key.revoked',
        objectType: 'api_key',
        objectId: String(key.id),
        beforeDigest: null,
        afterDigest: null,
        details: { orgId, prefix: key.prefix },
      });
      return key;
    });
  }

  async createSession(input: Omit<Session, 'revokedAt'>): Promise<void> {
    const db = this.db;
    await db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(input.tokenHash, input.userId, input.createdAt, input.expiresAt);
  }

  async getSession(tokenHash: string): Promise<Session | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash)) as
      Row | undefined;
    if (!row) return null;
    return {
      tokenHash: row['token_hash'] as string,
      userId: row['user_id'] as number,
      createdAt: row['created_at'] as string,
      expiresAt: row['expires_at'] as string,
      revokedAt: (row['revoked_at'] as string | null) ?? null,
    };
  }

  async revokeSession(tokenHash: string, at: string): Promise<void> {
    const db = this.db;
    await db
      .prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
      .run(at, tokenHash);
  }

  async setPlatformDomains(
    orgId: number,
    domains: readonly string[],
    meta: { at: string; actor: string },
  ): Promise<void> {
    await this.audited(async (db) => {
      await db.prepare('DELETE FROM platform_domains WHERE org_id = ?').run(orgId);
      const insert = await db.prepare(
        'INSERT INTO platform_domains (domain, org_id) VALUES (?, ?)',
      );
      for (const domain of domains) {
        try {
          await insert.run(domain, orgId);
        } catch (error) {
          if ((error as { code?: string }).code === '23505')
            throw new AppError('domain_taken', `${domain} is registered to another platform`);
          throw error;
        }
      }
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'org.domains_set',
        objectType: 'org',
        objectId: String(orgId),
        beforeDigest: null,
        afterDigest: null,
        details: { domains: [...domains] },
      });
    });
  }

  async listPlatformDomains(): Promise<Array<{ domain: string; orgId: number }>> {
    const db = this.db;
    return (
      (await db
        .prepare('SELECT domain, org_id FROM platform_domains ORDER BY domain')
        .all()) as Array<{
        domain: string;
        org_id: number;
      }>
    ).map((r) => ({ domain: r.domain, orgId: r.org_id }));
  }

  async getWebhookUrl(orgId: number): Promise<string | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT webhook_url FROM orgs WHERE id = ?').get(orgId)) as
      { webhook_url: string | null } | undefined;
    return row?.webhook_url ?? null;
  }

  async setWebhookUrl(
    orgId: number,
    url: string | null,
    meta: { at: string; actor: string },
  ): Promise<void> {
    await this.audited(async (db) => {
      const changed = await db
        .prepare('UPDATE orgs SET webhook_url = ? WHERE id = ?')
        .run(url, orgId);
      if (changed.changes === 0)
        throw new AppError('org_not_found', `no organisation with id ${orgId}`);
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'org.webhook_url_set',
        objectType: 'org',
        objectId: String(orgId),
        beforeDigest: null,
        afterDigest: null,
        details: { set: url !== null },
      });
    });
  }

  async getWebhookSecret(orgId: number): Promise<string | null> {
    const db = this.db;
    const row = (await db.prepare('SELECT webhook_secret FROM orgs WHERE id = ?').get(orgId)) as
      { webhook_secret: string | null } | undefined;
    return row?.webhook_secret ?? null;
  }

  async setWebhookSecret(orgId: number, secret: string): Promise<void> {
    const db = this.db;
    const changed = await db
      .prepare('UPDATE orgs SET webhook_secret = ? WHERE id = ?')
      .run(secret, orgId);
    if (changed.changes === 0)
      throw new AppError('org_not_found', `no organisation with id ${orgId}`);
  }

  async close(): Promise<void> {
    await this.closePool();
  }
}
