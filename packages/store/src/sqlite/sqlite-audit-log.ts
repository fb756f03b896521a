import { createHash } from 'node:crypto';
import {
  chainAuditEntry,
  digestOf,
  type AuditEntry,
  type AuditRecord,
  type AuditStore,
} from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';

type Row = Record<string, unknown>;

export const sha256Text = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** The before/after digest of an object, as audit entries record it. */
export const auditDigest = (value: unknown): string => digestOf(value, sha256Text);

const toEntry = (r: Row): AuditEntry => ({
  seq: r['seq'] as number,
  at: r['at'] as string,
  actor: r['actor'] as string,
  action: r['action'] as AuditEntry['action'],
  objectType: r['object_type'] as string,
  objectId: r['object_id'] as string,
  beforeDigest: (r['before_digest'] as string | null) ?? null,
  afterDigest: (r['after_digest'] as string | null) ?? null,
  details: JSON.parse(r['details'] as string) as Record<string, unknown>,
  prevHash: r['prev_hash'] as string,
  hash: r['hash'] as string,
});

/**
 * {@link AuditStore} on SQLite. `appendSync` is for stores, inside the transaction of the change it
 * records: the write lock they hold means no other process can chain from the same head (and the
 * primary key on seq would refuse a fork if one tried). Triggers refuse UPDATE and DELETE.
 */
export class SqliteAuditLog implements AuditStore {
  constructor(private readonly db: SqliteDatabase) {}

  appendSync(record: AuditRecord): AuditEntry {
    const run = this.db.transaction(() => {
      const head = this.db
        .prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get() as { seq: number; hash: string } | undefined;
      const entry = chainAuditEntry(record, head ?? null, sha256Text);
      this.db
        .prepare(
          `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before_digest, after_digest, details, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          entry.seq,
          entry.at,
          entry.actor,
          entry.action,
          entry.objectType,
          entry.objectId,
          entry.beforeDigest,
          entry.afterDigest,
          JSON.stringify(entry.details),
          entry.prevHash,
          entry.hash,
        );
      return entry;
    });
    // Inside a caller's transaction this is a savepoint; alone it takes the write lock first.
    return this.db.inTransaction ? run() : run.immediate();
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    return this.appendSync(record);
  }

  async list(options: {
    afterSeq: number;
    limit: number;
    objectType?: string;
    objectId?: string;
  }): Promise<AuditEntry[]> {
    const filters = ['seq > ?'];
    const params: unknown[] = [options.afterSeq];
    if (options.objectType !== undefined) {
      filters.push('object_type = ?');
      params.push(options.objectType);
    }
    if (options.objectId !== undefined) {
      filters.push('object_id = ?');
      params.push(options.objectId);
    }
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE ${filters.join(' AND ')} ORDER BY seq LIMIT ?`)
      .all(...params, options.limit) as Row[];
    return rows.map(toEntry);
  }

  async head(): Promise<AuditEntry | null> {
    const row = this.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      Row | undefined;
    return row ? toEntry(row) : null;
  }
}
