import { chainAuditEntry, type AuditEntry, type AuditRecord, type AuditStore } from '@haechi/core';
import { sha256Text } from '../sqlite/sqlite-audit-log.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgres-pool.js';

type Row = Record<string, unknown>;

/** An audit_log row (from a query, or a backup's COPY data with seq as text) as an entry. */
export const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r['seq']),
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

/** Every appender takes this transaction-scoped lock first: one chain, never a fork. */
const AUDIT_LOCK = 0x4861_6564;

/**
 * {@link AuditStore} on PostgreSQL. `appendIn` is for stores, inside the transaction of the change
 * it records: the advisory lock it takes is held until that transaction ends, so appends from all
 * processes are serialised and each chains from the true head (the primary key on seq would refuse
 * a fork regardless). Triggers refuse UPDATE and DELETE.
 */
export class PostgresAuditLog implements AuditStore {
  constructor(private readonly pool: PostgresPool) {}

  async appendIn(client: PostgresClient, record: AuditRecord): Promise<AuditEntry> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [
      AUDIT_LOCK,
    ]);
    const head = (
      await client.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
    ).rows[0];
    const entry = chainAuditEntry(record, head ?? null, sha256Text);
    await client.query(
      `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before_digest, after_digest, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
    );
    return entry;
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    return inTransaction(this.pool, (client) => this.appendIn(client, record));
  }

  async list(options: {
    afterSeq: number;
    limit: number;
    objectType?: string;
    objectId?: string;
  }): Promise<AuditEntry[]> {
    const params: unknown[] = [options.afterSeq];
    const filters = ['seq > $1'];
    if (options.objectType !== undefined) {
      params.push(options.objectType);
      filters.push(`object_type = $${params.length}`);
    }
    if (options.objectId !== undefined) {
      params.push(options.objectId);
      filters.push(`object_id = $${params.length}`);
    }
    params.push(options.limit);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM audit_log WHERE ${filters.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }

  async head(): Promise<AuditEntry | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }
}
