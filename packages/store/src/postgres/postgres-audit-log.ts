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

/** The chain as one group-committed transaction appends to it (see GroupCommit). */
export interface AuditBatch {
  /** Takes the lock and reads the head at the first entry; later ones chain from the last. */
  append(record: AuditRecord): Promise<AuditEntry>;
  /** Writes the entries appended so far, in one statement, before the transaction commits. */
  flush(): Promise<void>;
}

/**
 * {@link AuditStore} on PostgreSQL. `appendIn` is for stores, inside the transaction of the change
 * it records: the advisory lock it takes is held until that transaction ends, so appends from all
 * processes are serialised and each chains from the true head (the primary key on seq would refuse
 * a fork regardless). Triggers refuse UPDATE and DELETE.
 */
/** Every appender takes this lock first, held until its transaction ends. */
const lockChain = (client: PostgresClient) =>
  client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [AUDIT_LOCK]);

/** One INSERT of several entries ($n placeholders). */
function auditInsertMany(entries: readonly AuditEntry[]): [string, unknown[]] {
  const params = entries.flatMap(auditInsertParams);
  const width = params.length / entries.length;
  const rows = entries.map(
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  const into = AUDIT_INSERT.slice(0, AUDIT_INSERT.indexOf('VALUES'));
  return [`${into}VALUES ${rows.join(', ')}`, params];
}

export class PostgresAuditLog implements AuditStore {
  constructor(private readonly pool: PostgresPool) {}

  async appendIn(client: PostgresClient, record: AuditRecord): Promise<AuditEntry> {
    await lockChain(client);
    const head = (await client.query<ChainHead>(AUDIT_HEAD)).rows[0];
    const entry = chainAuditEntry(record, head ?? null, sha256Text);
    await client.query(dollarParams(AUDIT_INSERT), auditInsertParams(entry));
    return entry;
  }

  /**
   * Appends for a transaction that records several changes: the lock is taken and the head read
   * once, and the entries are written together by `flush` (one round trip, not one each).
   */
  batch(client: PostgresClient): AuditBatch {
    let head: ChainHead | null | undefined; // undefined: the lock is not held yet
    let pending: AuditEntry[] = [];
    return {
      append: async (record) => {
        if (head === undefined) {
          await lockChain(client);
          head = (await client.query<ChainHead>(AUDIT_HEAD)).rows[0] ?? null;
        }
        const entry = chainAuditEntry(record, head, sha256Text);
        pending.push(entry);
        head = entry;
        return entry;
      },
      flush: async () => {
        if (pending.length === 0) return;
        const [sql, params] = auditInsertMany(pending);
        pending = [];
        await client.query(sql, params);
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
