import { chainAuditEntry, type AuditEntry, type AuditRecord, type AuditStore } from '@haechi/core';
import { sha256Text } from '../sqlite/sqlite-audit-log.js';
import {
  AUDIT_HEAD,
  AUDIT_INSERT,
  auditInsertParams,
  auditListQuery,
  toEntry,
} from '../rows/audit-rows.js';
import { dollarParams } from './dollar-params.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgres-pool.js';

/** Every appender takes this transaction-scoped lock first: one chain, never a fork. */
const AUDIT_LOCK = 0x4861_6564;

type ChainHead = Pick<AuditEntry, 'seq' | 'hash'>;

/** The chain as one transaction appends to it; `mark`/`reset` follow its savepoints. */
export interface AuditBatch {
  append(record: AuditRecord): Promise<AuditEntry>;
  /** Where the chain stands now (opaque). */
  mark(): ChainHead | null | undefined;
  /** Back to a mark, after rolling back to the savepoint taken with it. */
  reset(mark: ChainHead | null | undefined): void;
}

/**
 * {@link AuditStore} on PostgreSQL. `appendIn` is for stores, inside the transaction of the change
 * it records: the advisory lock it takes is held until that transaction ends, so appends from all
 * processes are serialised and each chains from the true head (the primary key on seq would refuse
 * a fork regardless). Triggers refuse UPDATE and DELETE.
 */
export class PostgresAuditLog implements AuditStore {
  constructor(private readonly pool: PostgresPool) {}

  async appendIn(client: PostgresClient, record: AuditRecord): Promise<AuditEntry> {
    return this.batch(client).append(record);
  }

  /**
   * Appends for one transaction that records several changes (group commit): the lock is taken
   * and the head read once, at the first entry; later entries chain from the one before.
   */
  batch(client: PostgresClient): AuditBatch {
    /** undefined: the lock is not yet held (or was given back with a rolled-back savepoint). */
    let head: ChainHead | null | undefined;
    return {
      append: async (record) => {
        if (head === undefined) {
          await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [
            AUDIT_LOCK,
          ]);
          head = (await client.query<ChainHead>(AUDIT_HEAD)).rows[0] ?? null;
        }
        const entry = chainAuditEntry(record, head, sha256Text);
        await client.query(dollarParams(AUDIT_INSERT), auditInsertParams(entry));
        head = entry;
        return entry;
      },
      mark: () => head,
      reset: (mark) => {
        head = mark;
      },
    };
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    return inTransaction(this.pool, (client) => this.appendIn(client, record));
  }

  async list(options: Parameters<AuditStore['list']>[0]): Promise<AuditEntry[]> {
    const query = auditListQuery(options);
    const { rows } = await this.pool.query(dollarParams(query.sql), query.params);
    return rows.map(toEntry);
  }

  async head(): Promise<AuditEntry | null> {
    const { rows } = await this.pool.query(AUDIT_HEAD);
    return rows[0] ? toEntry(rows[0]) : null;
  }
}
