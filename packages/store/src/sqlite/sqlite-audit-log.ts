import { createHash } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';
import {
  chainAuditEntry,
  digestOf,
  type AuditEntry,
  type AuditRecord,
  type AuditStore,
} from '@haechi/core';
import {
  AUDIT_HEAD,
  AUDIT_INSERT,
  auditInsertParams,
  auditListQuery,
  toEntry,
} from '../rows/audit-rows.js';
import type { SqliteDatabase } from './open-sqlite.js';
import { transaction } from './transaction.js';

export const sha256Text = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** The before/after digest of an object, as audit entries record it. */
export const auditDigest = (value: unknown): string => digestOf(value, sha256Text);

/**
 * {@link AuditStore} on SQLite. `appendSync` is for stores, inside the transaction of the change it
 * records: the write lock they hold means no other process can chain from the same head (and the
 * primary key on seq would refuse a fork if one tried). Triggers refuse UPDATE and DELETE.
 */
export class SqliteAuditLog implements AuditStore {
  constructor(private readonly db: SqliteDatabase) {}

  appendSync(record: AuditRecord): AuditEntry {
    // Inside a caller's transaction this is a savepoint; alone it takes the write lock first.
    return transaction(this.db, () => {
      const head = this.db.prepare(AUDIT_HEAD).get() as { seq: number; hash: string } | undefined;
      const entry = chainAuditEntry(record, head ?? null, sha256Text);
      this.db.prepare(AUDIT_INSERT).run(...(auditInsertParams(entry) as SQLInputValue[]));
      return entry;
    });
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    return this.appendSync(record);
  }

  async list(options: Parameters<AuditStore['list']>[0]): Promise<AuditEntry[]> {
    const query = auditListQuery(options);
    return (
      this.db.prepare(query.sql).all(...(query.params as SQLInputValue[])) as Array<
        Record<string, unknown>
      >
    ).map(toEntry);
  }

  async head(): Promise<AuditEntry | null> {
    const row = this.db.prepare(AUDIT_HEAD).get() as Record<string, unknown> | undefined;
    return row ? toEntry(row) : null;
  }
}
