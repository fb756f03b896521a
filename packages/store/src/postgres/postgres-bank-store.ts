import type { NewBankEntry } from '@haechi/core';
import { derivedColumn } from '../rows/bank-rows.js';
import { FEED_LOCK, SqlBankStore } from '../stores/bank-store.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { PostgresRunner } from './postgres-runner.js';

/** Rows an import sends to the server in one statement. */
const IMPORT_CHUNK = 1000;

/** {@link SqlBankStore} on PostgreSQL, importing a stream in chunks of array-bound inserts. */
export class PostgresBankStore extends SqlBankStore {
  private readonly audit: PostgresAuditLog;

  constructor(
    private readonly pool: PostgresPool,
    closePool: () => Promise<void> = () => pool.end(),
  ) {
    super(new PostgresRunner(pool), closePool);
    this.audit = new PostgresAuditLog(pool);
  }

  async importEntries<T extends NewBankEntry>(
    bankId: number,
    rows: AsyncIterable<T>,
    meta: { addedBy: string; at: string },
    onDuplicate: (row: T) => void,
  ): Promise<number> {
    // One transaction across the whole stream (all or nothing), sent in chunks.
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [
        FEED_LOCK,
      ]);
      let added = 0;
      let duplicates = 0;
      let chunk: T[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const inChunk = new Set<string>();
        const fresh: T[] = [];
        for (const row of chunk) {
          const key = `${row.signalType}:${row.signal}`;
          if (inChunk.has(key)) {
            onDuplicate(row);
            duplicates++;
          } else {
            inChunk.add(key);
            fresh.push(row);
          }
        }
        const inserted = await client.query<{ id: number; signal_type: string; signal: string }>(
          `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at, derived)
           SELECT $1, t.signal_type, t.signal, t.labels, t.source, t.case_id, $2, $3, t.derived
             FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
               WITH ORDINALITY AS t(signal_type, signal, labels, source, case_id, derived, n)
            ORDER BY t.n
           ON CONFLICT DO NOTHING RETURNING id, signal_type, signal`,
          [
            bankId,
            meta.addedBy,
            meta.at,
            fresh.map((r) => r.signalType),
            fresh.map((r) => r.signal),
            fresh.map((r) => JSON.stringify(r.labels)),
            fresh.map((r) => r.source),
            fresh.map((r) => r.caseId),
            fresh.map((r) => derivedColumn(r)),
          ],
        );
        const keys = new Set(inserted.rows.map((r) => `${r.signal_type}:${r.signal}`));
        for (const row of fresh)
          if (!keys.has(`${row.signalType}:${row.signal}`)) {
            onDuplicate(row);
            duplicates++;
          }
        await client.query(
          `INSERT INTO bank_changes (entry_id, bank_id, kind, at)
           SELECT id, $1, 'add', $2 FROM unnest($3::bigint[]) AS id ORDER BY id`,
          [bankId, meta.at, inserted.rows.map((r) => r.id)],
        );
        added += inserted.rows.length;
        chunk = [];
      };
      for await (const row of rows) {
        chunk.push(row);
        if (chunk.length >= IMPORT_CHUNK) await flush();
      }
      await flush();
      if (added > 0)
        await this.audit.appendIn(client, {
          at: meta.at,
          actor: meta.addedBy,
          action: 'bank.entries_added',
          objectType: 'bank',
          objectId: String(bankId),
          beforeDigest: null,
          afterDigest: null,
          details: { added, duplicatesSkipped: duplicates },
        });
      return added;
    });
  }
}
