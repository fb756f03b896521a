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
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgres-pool.js';

type Row = Record<string, unknown>;

const ENTRY_COLUMNS =
  'e.id, e.bank_id, e.signal_type, e.signal, e.labels, e.source, e.case_id, e.added_by, e.added_at, e.withdrawn_at';

const toEntry = (r: Row): BankEntry => ({
  id: r['id'] as number,
  bankId: r['bank_id'] as number,
  signalType: r['signal_type'] as string,
  signal: r['signal'] as string,
  labels: JSON.parse(r['labels'] as string) as Record<string, string>,
  source: r['source'] as string,
  caseId: (r['case_id'] as string | null) ?? null,
  addedBy: r['added_by'] as string,
  addedAt: r['added_at'] as string,
  withdrawnAt: (r['withdrawn_at'] as string | null) ?? null,
});

const toBank = (r: Row): Bank => ({
  id: r['id'] as number,
  name: r['name'] as string,
  description: r['description'] as string,
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as string,
});

/**
 * Writers of the change feed take this lock first, so feed rows commit in the order of their
 * sequence numbers: a follower that has read up to seq n never misses an n − 1 committed later.
 */
const FEED_LOCK = 0x4861_6566;
/** Rows an import sends to the server in one statement. */
const IMPORT_CHUNK = 1000;
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** {@link BankStore} on PostgreSQL: the same contract, tested by the same tests, as SQLite's. */
export class PostgresBankStore implements BankStore {
  private readonly audit: PostgresAuditLog;

  constructor(
    private readonly pool: PostgresPool,
    private readonly closePool: () => Promise<void> = () => pool.end(),
  ) {
    this.audit = new PostgresAuditLog(pool);
  }

  async createBank(input: {
    name: string;
    description: string;
    createdBy: string;
    at: string;
  }): Promise<Bank> {
    try {
      return await inTransaction(this.pool, async (client) => {
        const bank = toBank(
          (
            await client.query<Row>(
              'INSERT INTO banks (name, description, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
              [input.name, input.description, input.createdBy, input.at],
            )
          ).rows[0] as Row,
        );
        await this.audit.appendIn(client, {
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
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('bank_exists', `a bank named "${input.name}" already exists`);
      throw error;
    }
  }

  async getBankByName(name: string): Promise<Bank | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM banks WHERE name = $1', [name]);
    return rows[0] ? toBank(rows[0]) : null;
  }

  async listBanks(): Promise<BankSummary[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT b.*, COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NULL) AS active,
              COUNT(e.id) FILTER (WHERE e.withdrawn_at IS NOT NULL) AS withdrawn
         FROM banks b LEFT JOIN bank_entries e ON e.bank_id = b.id
        GROUP BY b.id ORDER BY b.name`,
    );
    return rows.map((r) => ({
      ...toBank(r),
      activeEntries: Number(r['active']),
      withdrawnEntries: Number(r['withdrawn']),
    }));
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
          `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at)
           SELECT $1, t.signal_type, t.signal, t.labels, t.source, t.case_id, $2, $3
             FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
               WITH ORDINALITY AS t(signal_type, signal, labels, source, case_id, n)
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

  async withdrawSignals(
    bankId: number,
    signals: ReadonlyArray<{ signalType: string; signal: string }>,
    at: string,
    actor = 'system',
  ): Promise<BankEntry[]> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [
        FEED_LOCK,
      ]);
      const withdrawn: BankEntry[] = [];
      for (const { signalType, signal } of signals) {
        const row = (
          await client.query<Row>(
            `UPDATE bank_entries e SET withdrawn_at = $1
              WHERE bank_id = $2 AND signal_type = $3 AND signal = $4 AND withdrawn_at IS NULL
              RETURNING ${ENTRY_COLUMNS}`,
            [at, bankId, signalType, signal],
          )
        ).rows[0];
        if (!row) continue;
        await client.query(
          "INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES ($1, $2, 'withdraw', $3)",
          [row['id'], bankId, at],
        );
        withdrawn.push(toEntry(row));
      }
      if (withdrawn.length > 0)
        await this.audit.appendIn(client, {
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
    });
  }

  async listEntries(
    bankId: number,
    options: { afterId: number; limit: number; includeWithdrawn: boolean },
  ): Promise<BankEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${ENTRY_COLUMNS} FROM bank_entries e
        WHERE e.bank_id = $1 AND e.id > $2 ${options.includeWithdrawn ? '' : 'AND e.withdrawn_at IS NULL'}
        ORDER BY e.id LIMIT $3`,
      [bankId, options.afterId, options.limit],
    );
    return rows.map(toEntry);
  }

  async listActiveEntries(options: { afterId: number; limit: number }): Promise<BankEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${ENTRY_COLUMNS} FROM bank_entries e WHERE e.id > $1 AND e.withdrawn_at IS NULL ORDER BY e.id LIMIT $2`,
      [options.afterId, options.limit],
    );
    return rows.map(toEntry);
  }

  async getEntries(ids: readonly number[]): Promise<BankEntry[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT ${ENTRY_COLUMNS} FROM bank_entries e WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`,
      [ids],
    );
    return rows.map(toEntry);
  }

  async changesSince(since: number, limit: number, bankId?: number): Promise<BankChange[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT c.seq, c.kind, ${ENTRY_COLUMNS} FROM bank_changes c JOIN bank_entries e ON e.id = c.entry_id
        WHERE c.seq > $1 ${bankId === undefined ? '' : 'AND c.bank_id = $3'} ORDER BY c.seq LIMIT $2`,
      bankId === undefined ? [since, limit] : [since, limit, bankId],
    );
    return rows.map((r) => ({
      seq: r['seq'] as number,
      kind: r['kind'] as 'add' | 'withdraw',
      entry: toEntry(r),
    }));
  }

  async latestChangeSeq(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number }>(
      'SELECT COALESCE(MAX(seq), 0)::bigint AS seq FROM bank_changes',
    );
    return rows[0]?.seq ?? 0;
  }

  async getMirrorCursor(bankId: number, source: string): Promise<number> {
    const { rows } = await this.pool.query<{ cursor: number }>(
      'SELECT cursor FROM bank_mirror_cursors WHERE bank_id = $1 AND source = $2',
      [bankId, source],
    );
    return rows[0]?.cursor ?? 0;
  }

  async applyMirrorPage(
    bankId: number,
    source: string,
    changes: readonly MirroredChange[],
    cursor: number,
    meta: { addedBy: string; at: string },
  ): Promise<{ added: number; withdrawn: number }> {
    return inTransaction(this.pool, async (client: PostgresClient) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)', [
        FEED_LOCK,
      ]);
      let added = 0;
      let withdrawn = 0;
      for (const change of changes) {
        const row = (
          change.kind === 'add'
            ? await client.query<{ id: number }>(
                `INSERT INTO bank_entries (bank_id, signal_type, signal, labels, source, case_id, added_by, added_at)
                 VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
                [
                  bankId,
                  change.signalType,
                  change.signal,
                  JSON.stringify(change.labels),
                  source,
                  meta.addedBy,
                  meta.at,
                ],
              )
            : await client.query<{ id: number }>(
                `UPDATE bank_entries SET withdrawn_at = $1
                  WHERE bank_id = $2 AND signal_type = $3 AND signal = $4 AND withdrawn_at IS NULL RETURNING id`,
                [meta.at, bankId, change.signalType, change.signal],
              )
        ).rows[0];
        if (!row) continue;
        await client.query(
          'INSERT INTO bank_changes (entry_id, bank_id, kind, at) VALUES ($1, $2, $3, $4)',
          [row.id, bankId, change.kind, meta.at],
        );
        if (change.kind === 'add') added++;
        else withdrawn++;
      }
      await client.query(
        `INSERT INTO bank_mirror_cursors (bank_id, source, cursor, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (bank_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
        [bankId, source, cursor, meta.at],
      );
      if (added + withdrawn > 0)
        await this.audit.appendIn(client, {
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
    });
  }

  async close(): Promise<void> {
    await this.closePool();
  }
}
