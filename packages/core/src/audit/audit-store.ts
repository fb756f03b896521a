import type { AuditEntry, AuditRecord } from './audit-chain.js';

/**
 * The append-only, hash-chained audit log. Contract: `append` links the record to the current head
 * in one transaction with the change it records (stores append from inside their own transactions);
 * entries are never updated or deleted (the SQLite store refuses both with triggers).
 */
export interface AuditStore {
  append(record: AuditRecord): Promise<AuditEntry>;
  /** Entries with seq > afterSeq, ascending, at most `limit`. */
  list(options: {
    afterSeq: number;
    limit: number;
    objectType?: string;
    objectId?: string;
  }): Promise<AuditEntry[]>;
  head(): Promise<AuditEntry | null>;
}
