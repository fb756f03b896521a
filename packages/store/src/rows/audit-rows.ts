import { AUDIT_ACTIONS, type AuditEntry } from '@haechi/core';
import { RowShapeError, kindOf, readRow, type Row } from './row-reader.js';

/** The audit log's statements and row mapping, one for both backends (`?` placeholders). */

/** An audit_log row as its entry (seq may come as text, from a backup's COPY data). */
export const toEntry = (row: Row): AuditEntry => {
  const r = readRow('audit_log', row);
  return {
    seq: sequenceNumber(row['seq']),
    at: r.text('at'),
    actor: r.text('actor'),
    action: r.oneOf('action', AUDIT_ACTIONS),
    objectType: r.text('object_type'),
    objectId: r.text('object_id'),
    beforeDigest: r.textOrNull('before_digest'),
    afterDigest: r.textOrNull('after_digest'),
    details: r.object('details'),
    prevHash: r.text('prev_hash'),
    hash: r.text('hash'),
  };
};

const sequenceNumber = (value: unknown): number => {
  const seq = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq))
    throw new RowShapeError('audit_log', 'seq', 'an integer', kindOf(value));
  return seq;
};

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
