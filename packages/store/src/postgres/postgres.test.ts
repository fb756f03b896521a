import { randomBytes } from 'node:crypto';
import { AuditChainVerifier, type AuditRecord } from '@haechi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../sqlite/open-sqlite.js';
import { MIGRATIONS } from '../sqlite/migrations.js';
import { SqliteAuditLog, sha256Text } from '../sqlite/sqlite-audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { runPostgresMigrations } from './postgres-migrations.js';
import { openPostgresPool, type PostgresPool } from './postgres-pool.js';

const URL_ = process.env['DATABASE_URL'];
// Each run works in a schema of its own, dropped at the end: the database's other data is untouched.
const schema = `haechi_test_${randomBytes(6).toString('hex')}`;
const pools: PostgresPool[] = [];
const pool = (max = 4) => {
  const made = openPostgresPool(URL_ as string, { schema, max });
  pools.push(made);
  return made;
};

const record = (n: number): AuditRecord => ({
  at: `2026-12-03T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  actor: `test:${n % 3}`,
  action: 'bank.entries_added',
  objectType: 'bank',
  objectId: String(n % 5),
  beforeDigest: null,
  afterDigest: null,
  details: { added: n, note: `quotes ' and " survive` },
});

describe.skipIf(!URL_)('the PostgreSQL backend (DATABASE_URL)', () => {
  beforeAll(async () => {
    const admin = openPostgresPool(URL_ as string);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    const admin = openPostgresPool(URL_ as string);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  it('migrates once when several processes start together, to the embedded store’s schema', async () => {
    const ran = await Promise.all([pool(), pool(), pool(), pool()].map(runPostgresMigrations));
    // Exactly one of the four applied every version; the others found nothing to do.
    expect(ran.map((versions) => versions.length).sort((a, b) => a - b)).toEqual([
      0,
      0,
      0,
      MIGRATIONS.length,
    ]);
    const db = pool();
    const { rows } = await db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    // Every table has the columns it has in SQLite.
    const sqlite = openSqlite(':memory:');
    const tables = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as Array<{ name: string }>
    ).map((t) => t.name);
    for (const table of tables) {
      const expected = (
        sqlite.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>
      )
        .map((c) => c.name)
        .sort();
      const got = (
        await db.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
          [schema, table],
        )
      ).rows
        .map((c) => c.column_name)
        .sort();
      expect([table, got]).toEqual([table, expected]);
    }
    sqlite.close();
  });

  it('keeps one audit chain across concurrent writers, refuses edits, and verifies', async () => {
    const writers = [
      new PostgresAuditLog(pool()),
      new PostgresAuditLog(pool()),
      new PostgresAuditLog(pool()),
    ];
    await Promise.all(Array.from({ length: 60 }, (_, n) => writers[n % 3].append(record(n))));
    const entries = await writers[0].list({ afterSeq: 0, limit: 1000 });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const verifier = new AuditChainVerifier(sha256Text);
    expect(entries.every((e) => verifier.push(e))).toBe(true);
    expect(verifier.result()).toMatchObject({ ok: true, count: 60 });
    expect((await writers[1].head())?.seq).toBe(60);
    expect(
      await writers[2].list({ afterSeq: 0, limit: 100, objectType: 'bank', objectId: '3' }),
    ).toHaveLength(12);
    // The same records give the same hashes on SQLite: the chain does not depend on the backend.
    const sqlite = new SqliteAuditLog(openSqlite(':memory:'));
    const local = entries.map((e) => sqlite.appendSync(record(e.details['added'] as number)));
    const db = pool();
    await expect(db.query("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).rejects.toThrow(
      'the audit log is append-only',
    );
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(
      'the audit log is append-only',
    );
    expect(local.map((e) => e.hash)).toEqual(entries.map((e) => e.hash));
  });

  it('refuses to purge preserved media (the trigger with a subquery)', async () => {
    const db = pool();
    await db.query(
      `INSERT INTO orgs (name, kind, jurisdiction, created_at) VALUES ('p', 'platform', 'KR', 'now')`,
    );
    await db.query(
      `INSERT INTO screenings (id, org_id, verdict, media_kind, status, evidence, created_at)
       VALUES ('scr_1', 1, 'hold', 'image', 'pending_review', '{}', 'now')`,
    );
    await db.query(
      `INSERT INTO sealed_media (id, screening_id, sha256, content_type, size, key_wrapped, iv, tag, ciphertext, created_at)
       VALUES ('m1', 'scr_1', 'x', 'image/jpeg', 1, 'k', '\\x00', '\\x00', '\\x01', 'now')`,
    );
    await db.query("UPDATE sealed_media SET ciphertext = '\\x02' WHERE id = 'm1'"); // not yet evidence
    await db.query(
      `INSERT INTO evidence_records (id, subject_type, subject_id, reason, platform_org_id, facts, facts_digest, media_id, created_at, created_by)
       VALUES ('e1', 'screening', 'scr_1', 'confirmed', 1, '{}', 'd', 'm1', 'now', 'test')`,
    );
    await expect(
      db.query("UPDATE sealed_media SET ciphertext = '\\x03' WHERE id = 'm1'"),
    ).rejects.toThrow('preserved media cannot be purged');
    await expect(db.query("UPDATE evidence_records SET reason = 'x'")).rejects.toThrow(
      'an evidence record is fixed once and never changed',
    );
  });
});
