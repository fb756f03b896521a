import {
  AppError,
  type Bank,
  type BankChange,
  type BankEntry,
  type BankStore,
  type BankSummary,
  type MirroredChange,
  type NewBankEntry,
} from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog, auditDigest } from './sqlite-audit-log.js';

interface EntryRow {
  id: number;
  bank_id: number;
  signal_type: string;
  signal: string;
  labels: string;
  source: string;
  case_id: string | null;
  added_by: string;
  added_at: string;
  withdrawn_at: string | null;
}

const ENTRY_FIELDS =
  'id, bank_id, signal_type, signal, labels, source, case_id, added_by, added_at, withdrawn_at';
const ENTRY_COLUMNS =
  'e.id, e.bank_id, e.signal_type, e.signal, e.labels, e.source, e.case_id, e.added_by, e.added_at, e.withdrawn_at';

function toEntry(row: EntryRow): BankEntry {
  return {
    id: row.id,
    bankId: row.bank_id,
    signalType: row.signal_type,
    signal: row.signal,
    labels: JSON.parse(row.labels) as Record<string, string>,
    source: row.source,
    caseId: row.case_id,
    addedBy: row.added_by,
    addedAt: row.added_at,
    withdrawnAt: row.withdrawn_at,
  };
}

function toBank(row: {
  id: number;
  name: string;
  description: string;
  created_by: string;
  created_at: string;
}): Bank {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** {@link BankStore} on the embedded SQLite database. Synchronous underneath; async to fit the contract. */
export class SqliteBankStore implements BankStore {
  private readonly audit: SqliteAuditLog;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly closeDb: () => void = () => db.close(),
  ) {
    this.audit = new SqliteAuditLog(db);
  }

  async createBank(input: {
    name: string;
    description: string;
    createdBy: string;
    at: string;
  }): Promise<Bank> {
    const create = this.db.transaction(() => {
      const row = this.db
        .prepare(
          'INSERT INTO banks (name, description, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING *',
        )
        .get(input.name, input.description, input.createdBy, input.at);
      const bank = toBank(row as Parameters<typeof toBank>[0]);
      this.audit.appendSync({
        at: input.at,
        actor: input.createdBy,
        action: 'bank.created',
        objectType: 'bank',
        objectId: String(bank.id),
        beforeDigest: null,
        afterDigest: auditDigest(bank),
        details: { name: bank.name },
      });
      return bank;
    });
    try {
      return create.immediate();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AppError('bank_exists', `a bank named "${input.name}" already exists`);
      }
      throw error;
    }
  }

  async getBankByName(name: string): Promise<Bank | null> {
    const row = this.db.prepare('SELECT * FROM banks WHERE name = ?').get(name);
    return row ? toBank(row as Parameters<typeof toBank>[0]) : null;
  }

  async listBanks(): Promise<BankSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT b.*, COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NULL) AS active,
                COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NOT NULL) AS withdrawn
           FROM banks b LEFT JOIN bank_entries e ON e.bank_id = b.id
          GROUP BY b.id ORDER BY b.name`,
      )
      .all() as Array<Parameters<typeof toBank>[0] & { active: number; withdrawn: number }>;
    return rows.map((row) => ({
      ...toBank(row),
      activeEntries: row.active,
      withdrawnEntries: row.withdrawn,
    }));
  }

  async importEntries<T extends NewBankEntry>(
    bankId: number,
    rows: AsyncIterable<T>,
    meta: { addedBy: string; at: string },
    onDuplicate: (row: T) => void,
  ): Promise<number> {
    const insertEntry = this.db.prepare(
      `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
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

  async withdrawSignals(
    bankId: number,
    signals: ReadonlyArray<{ signalType: string; signal: string }>,
    at: string,
    actor = 'system',
  ): Promise<BankEntry[]> {
    const withdraw = this.db.prepare(
      `UPDATE bank_entries SET withdrawn_at = ?
        WHERE bank_id = ? AND signal_type = ? AND signal = ? AND withdrawn_at IS NULL
        RETURNING ${ENTRY_FIELDS}`,
    );
    const insertChange = this.db.prepare(
      "INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES (?, ?, 'withdraw', ?)",
    );
    const run = this.db.transaction(() => {
      const withdrawn = signals.flatMap(({ signalType, signal }) => {
        const row = withdraw.get(at, bankId, signalType, signal) as EntryRow | undefined;
        if (!row) return [];
        insertChange.run(row.id, bankId, at);
        return [toEntry(row)];
      });
      if (withdrawn.length > 0) {
        this.audit.appendSync({
          at,
          actor,
          action: 'bank.entries_withdrawn',
          objectType: 'bank',
          objectId: String(bankId),
          beforeDigest: null,
          afterDigest: null,
          details: {
            withdrawn: withdrawn.length,
            entryIds: withdrawn.slice(0, 100).map((e) => e.id),
          },
        });
      }
      return withdrawn;
    });
    return run.immediate();
  }

  async listEntries(
    bankId: number,
    options: { afterId: number; limit: number; includeWithdrawn: boolean },
  ): Promise<BankEntry[]> {
    const rows = this.db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e
          WHERE e.bank_id = ? AND e.id > ? ${options.includeWithdrawn ? '' : 'AND e.withdrawn_at IS NULL'}
          ORDER BY e.id LIMIT ?`,
      )
      .all(bankId, options.afterId, options.limit) as EntryRow[];
    return rows.map(toEntry);
  }

  async listActiveEntries(options: { afterId: number; limit: number }): Promise<BankEntry[]> {
    const rows = this.db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e WHERE e.id > ? AND e.withdrawn_at IS NULL ORDER BY e.id LIMIT ?`,
      )
      .all(options.afterId, options.limit) as EntryRow[];
    return rows.map(toEntry);
  }

  async getEntries(ids: readonly number[]): Promise<BankEntry[]> {
    if (ids.length === 0) return [];
    // json_each keeps it one statement whatever the number of ids (no variable limit).
    const rows = this.db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e
          WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id`,
      )
      .all(JSON.stringify(ids)) as EntryRow[];
    return rows.map(toEntry);
  }

  async changesSince(since: number, limit: number, bankId?: number): Promise<BankChange[]> {
    const rows = this.db
      .prepare(
        `SELECT c.seq, c.kind, ${ENTRY_COLUMNS} FROM bank_changes c JOIN bank_entries e ON e.id = c.entry_id
          WHERE c.seq > ? ${bankId === undefined ? '' : 'AND c.bank_id = ?'} ORDER BY c.seq LIMIT ?`,
      )
      .all(...(bankId === undefined ? [since, limit] : [since, bankId, limit])) as Array<
      EntryRow & { seq: number; kind: 'add' | 'withdraw' }
    >;
    return rows.map((row) => ({ seq: row.seq, kind: row.kind, entry: toEntry(row) }));
  }

  async latestChangeSeq(): Promise<number> {
    const row = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM bank_changes').get() as {
      seq: number;
    };
    return row.seq;
  }

  async getMirrorCursor(bankId: number, source: string): Promise<number> {
    const row = this.db
      .prepare('SELECT cursor FROM bank_mirror_cursors WHERE bank_id = ? AND source = ?')
      .get(bankId, source) as { cursor: number } | undefined;
    return row?.cursor ?? 0;
  }

  async applyMirrorPage(
    bankId: number,
    source: string,
    changes: readonly MirroredChange[],
    cursor: number,
    meta: { addedBy: string; at: string },
  ): Promise<{ added: number; withdrawn: number }> {
    const insertEntry = this.db.prepare(
      `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    );
    const withdraw = this.db.prepare(
      `UPDATE bank_entries SET withdrawn_at = ?
        WHERE bank_id = ? AND signal_type = ? AND signal = ? AND withdrawn_at IS NULL RETURNING id`,
    );
    const insertChange = this.db.prepare(
      'INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES (?, ?, ?, ?)',
    );
    const saveCursor = this.db.prepare(
      `INSERT INTO bank_mirror_cursors (bank_id, source, cursor, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (bank_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    );
    const run = this.db.transaction(() => {
      let added = 0;
      let withdrawn = 0;
      for (const change of changes) {
        const row = (
          change.kind === 'add'
            ? insertEntry.get(
                bankId,
                change.signalType,
                change.signal,
                JSON.stringify(change.labels),
                source,
                meta.addedBy,
                meta.at,
              )
            : withdraw.get(meta.at, bankId, change.signalType, change.signal)
        ) as { id: number } | undefined;
        if (!row) continue;
        insertChange.run(row.id, bankId, change.kind, meta.at);
        if (change.kind === 'add') added++;
        else withdrawn++;
      }
      saveCursor.run(bankId, source, cursor, meta.at);
      if (added + withdrawn > 0) {
        this.audit.appendSync({
          at: meta.at,
          actor: meta.addedBy,
          action: 'bank.mirror_applied',
          objectType: 'bank',
          objectId: String(bankId),
          beforeDigest: null,
          afterDigest: null,
          details: { source, cursor, added, withdrawn },
        });
      }
      return { added, withdrawn };
    });
    return run.immediate();
  }

  async close(): Promise<void> {
    this.closeDb();
  }
}
