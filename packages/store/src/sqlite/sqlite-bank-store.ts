import type { NewBankEntry } from '@haechi/core';
import { derivedColumn } from '../rows/bank-rows.js';
import { SqlBankStore } from '../stores/bank-store.js';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteRunner } from './sqlite-runner.js';

/** {@link SqlBankStore} on the embedded SQLite database, with its own way of importing a stream. */
export class SqliteBankStore extends SqlBankStore {
  private readonly audit: SqliteAuditLog;

  constructor(
    private readonly db: SqliteDatabase,
    closeDb: () => void = () => db.close(),
  ) {
    super(new SqliteRunner(db), closeDb);
    this.audit = new SqliteAuditLog(db);
  }

  async importEntries<T extends NewBankEntry>(
    bankId: number,
    rows: AsyncIterable<T>,
    meta: { addedBy: string; at: string },
    onDuplicate: (row: T) => void,
  ): Promise<number> {
    const insertEntry = this.db.prepare(
      `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at, derived)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    );
    const insertChange = this.db.prepare(
      "INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES (?, ?, 'add', ?)",
    );
    let added = 0;
    let duplicates = 0;
    // One transaction across the whole stream: an import is all or nothing. The input is awaited
    // between rows, so this connection must not serve anything else meanwhile (the CLI's does not).
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for await (const row of rows) {
        const inserted = insertEntry.get(
          bankId,
          row.signalType,
          row.signal,
          JSON.stringify(row.labels),
          row.source,
          row.caseId,
          meta.addedBy,
          meta.at,
          derivedColumn(row),
        ) as { id: number } | undefined;
        if (!inserted) {
          onDuplicate(row);
          duplicates++;
          continue;
        }
        insertChange.run(inserted.id, bankId, meta.at);
        added++;
      }
      if (added > 0) {
        this.audit.appendSync({
          at: meta.at,
          actor: meta.addedBy,
          action: 'bank.entries_added',
          objectType: 'bank',
          objectId: String(bankId),
          beforeDigest: null,
          afterDigest: null,
          details: { added, duplicatesSkipped: duplicates },
        });
      }
      this.db.exec('COMMIT');
      return added;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
