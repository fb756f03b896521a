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
import { ENTRY_COLUMNS, toBank, toBankSummary, toChange, toEntry } from '../rows/bank-rows.js';
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import {
  all,
  audit,
  get,
  isUniqueViolation,
  run,
  type SqlRunner,
  type SqlWork,
} from '../sql/statements.js';

/**
 * Writers of the change feed take this lock first (PostgreSQL), so feed rows commit in the order of
 * their sequence numbers: a follower that has read up to seq n never misses an n − 1 committed
 * later. SQLite has one writer at a time, which gives the same order by itself.
 */
export const FEED_LOCK = 0x4861_6566;

export function* lockFeed(dialect: SqlRunner['dialect']): SqlWork<void> {
  if (dialect === 'postgres')
    yield* get('SELECT pg_advisory_xact_lock(hashtext(current_schema()), ?)', FEED_LOCK);
}

/**
 * {@link BankStore} on either backend. Imports stream rows into one transaction, which each
 * backend does its own way ({@link importEntries}); everything else is shared.
 */
export abstract class SqlBankStore implements BankStore {
  constructor(
    protected readonly sql: SqlRunner,
    /** Closes the connection the stores share (once, whichever store asks). */
    private readonly closeConnection: () => void | Promise<void>,
  ) {}

  abstract importEntries<T extends NewBankEntry>(
    bankId: number,
    rows: AsyncIterable<T>,
    meta: { addedBy: string; at: string },
    onDuplicate: (row: T) => void,
  ): Promise<number>;

  async createBank(input: {
    name: string;
    description: string;
    createdBy: string;
    at: string;
  }): Promise<Bank> {
    try {
      return await this.sql.perform(
        function* () {
          const bank = toBank(
            (yield* get(
              'INSERT INTO banks (name, description, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING *',
              input.name,
              input.description,
              input.createdBy,
              input.at,
            )) as Record<string, unknown>,
          );
          yield* audit({
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
        },
        { transaction: true },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('bank_exists', `a bank named "${input.name}" already exists`);
      throw error;
    }
  }

  getBankByName(name: string): Promise<Bank | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM banks WHERE name = ?', name);
      return row ? toBank(row) : null;
    });
  }

  listBanks(): Promise<BankSummary[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT b.*, COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NULL) AS active,
                COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NOT NULL) AS withdrawn
           FROM banks b LEFT JOIN bank_entries e ON e.bank_id = b.id
          GROUP BY b.id ORDER BY b.name`,
      );
      return rows.map(toBankSummary);
    });
  }

  withdrawSignals(
    bankId: number,
    signals: ReadonlyArray<{ signalType: string; signal: string }>,
    at: string,
    actor = 'system',
  ): Promise<BankEntry[]> {
    const dialect = this.sql.dialect;
    return this.sql.perform(
      function* () {
        yield* lockFeed(dialect);
        const withdrawn: BankEntry[] = [];
        for (const { signalType, signal } of signals) {
          const row = yield* get(
            `UPDATE bank_entries SET withdrawn_at = ?
              WHERE bank_id = ? AND signal_type = ? AND signal = ? AND withdrawn_at IS NULL
              RETURNING id, bank_id, signal_type, signal, labels, source, case_id, added_by, added_at, withdrawn_at, derived`,
            at,
            bankId,
            signalType,
            signal,
          );
          if (!row) continue;
          yield* run(
            "INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES (?, ?, 'withdraw', ?)",
            row['id'],
            bankId,
            at,
          );
          withdrawn.push(toEntry(row));
        }
        if (withdrawn.length > 0)
          yield* audit({
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
        return withdrawn;
      },
      { transaction: true },
    );
  }

  listEntries(
    bankId: number,
    options: { afterId: number; limit: number; includeWithdrawn: boolean },
  ): Promise<BankEntry[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e
          WHERE e.bank_id = ? AND e.id > ? ${options.includeWithdrawn ? '' : 'AND e.withdrawn_at IS NULL'}
          ORDER BY e.id LIMIT ?`,
        bankId,
        options.afterId,
        options.limit,
      );
      return rows.map(toEntry);
    });
  }

  listActiveEntries(options: { afterId: number; limit: number }): Promise<BankEntry[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e WHERE e.id > ? AND e.withdrawn_at IS NULL ORDER BY e.id LIMIT ?`,
        options.afterId,
        options.limit,
      );
      return rows.map(toEntry);
    });
  }

  async getEntries(ids: readonly number[]): Promise<BankEntry[]> {
    if (ids.length === 0) return [];
    // One statement whatever the number of ids (no placeholder limit): a JSON list on SQLite,
    // an array on PostgreSQL.
    const [filter, param] =
      this.sql.dialect === 'postgres'
        ? ['e.id = ANY(CAST(? AS BIGINT[]))', [...ids]]
        : ['e.id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)];
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT ${ENTRY_COLUMNS} FROM bank_entries e WHERE ${filter} ORDER BY e.id`,
        param,
      );
      return rows.map(toEntry);
    });
  }

  changesSince(since: number, limit: number, bankId?: number): Promise<BankChange[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT c.seq, c.kind, ${ENTRY_COLUMNS} FROM bank_changes c JOIN bank_entries e ON e.id = c.entry_id
          WHERE c.seq > ? ${bankId === undefined ? '' : 'AND c.bank_id = ?'} ORDER BY c.seq LIMIT ?`,
        ...(bankId === undefined ? [since, limit] : [since, bankId, limit]),
      );
      return rows.map(toChange);
    });
  }

  latestChangeSeq(): Promise<number> {
    return this.sql.perform(function* () {
      const row = yield* get<{ seq: number }>(
        'SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS seq FROM bank_changes',
      );
      return Number(row?.seq ?? 0);
    });
  }

  getMirrorCursor(bankId: number, source: string): Promise<number> {
    return this.sql.perform(function* () {
      const row = yield* get<{ cursor: number }>(
        'SELECT cursor FROM bank_mirror_cursors WHERE bank_id = ? AND source = ?',
        bankId,
        source,
      );
      return row?.cursor ?? 0;
    });
  }

  applyMirrorPage(
    bankId: number,
    source: string,
    changes: readonly MirroredChange[],
    cursor: number,
    meta: { addedBy: string; at: string },
  ): Promise<{ added: number; withdrawn: number }> {
    const dialect = this.sql.dialect;
    return this.sql.perform(
      function* () {
        yield* lockFeed(dialect);
        let added = 0;
        let withdrawn = 0;
        for (const change of changes) {
          const row =
            change.kind === 'add'
              ? yield* get<{ id: number }>(
                  `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at)
                   VALUES (?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
                  bankId,
                  change.signalType,
                  change.signal,
                  JSON.stringify(change.labels),
                  source,
                  meta.addedBy,
                  meta.at,
                )
              : yield* get<{ id: number }>(
                  `UPDATE bank_entries SET withdrawn_at = ?
                    WHERE bank_id = ? AND signal_type = ? AND signal = ? AND withdrawn_at IS NULL RETURNING id`,
                  meta.at,
                  bankId,
                  change.signalType,
                  change.signal,
                );
          if (!row) continue;
          yield* run(
            'INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES (?, ?, ?, ?)',
            row.id,
            bankId,
            change.kind,
            meta.at,
          );
          if (change.kind === 'add') added++;
          else withdrawn++;
        }
        yield* run(
          `INSERT INTO bank_mirror_cursors (bank_id, source, cursor, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (bank_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
          bankId,
          source,
          cursor,
          meta.at,
        );
        if (added + withdrawn > 0)
          yield* audit({
            at: meta.at,
            actor: meta.addedBy,
            action: 'bank.mirror_applied',
            objectType: 'bank',
            objectId: String(bankId),
            beforeDigest: null,
            afterDigest: null,
            details: { source, cursor, added, withdrawn },
          });
        return { added, withdrawn };
      },
      { transaction: true },
    );
  }

  async close(): Promise<void> {
    await this.closeConnection();
  }
}
