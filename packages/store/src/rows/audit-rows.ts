import type { AuditEntry } from '@haechi/core';

/** The audit log's statements and row mapping, one for both backends (`?` placeholders). */
type Row = Record<string, unknown>;

/** An audit_log row as its entry (seq may come as text, from a backup's COPY data). */
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

/** The head of the chain: what the next entry links to. */
export const AUDIT_HEAD = 'SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1';

export const AUDIT_INSERT = `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before_digest, after_digest, details, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const auditInsertParams = (entry: AuditEntry): unknown[] => [
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
];

/** Entries after `afterSeq`, ascending, optionally of one object. */
export function auditListQuery(options: {
  afterSeq: number;
  limit: number;
  objectType?: string;
  objectId?: string;
}): { sql: string; params: unknown[] } {
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
  return {
    sql: `SELECT * FROM audit_log WHERE ${filters.join(' AND ')} ORDER BY seq LIMIT ?`,
    params: [...params, options.limit],
  };
}
