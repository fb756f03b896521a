import type {
  Bank,
  BankChange,
  BankEntry,
  BankSummary,
  MirroredChange,
  NewBankEntry,
} from './bank.js';

/**
 * Storage of banks and their entries. Implementations: the embedded SQLite store (@haechi/store);
 * PostgreSQL later. Contract, for every implementation:
 * - every multi-row change is one transaction: on any error nothing of it remains;
 * - every added or withdrawn entry appends exactly one change, in commit order, to the change feed;
 * - an entry is never deleted: withdrawal sets `withdrawnAt`;
 * - at most one active entry per (bank, signal type, signal);
 * - every change appends one entry to the audit log in the same transaction (actor: the change's
 *   `createdBy`/`addedBy`/`actor`, `system` when none is given).
 */
export interface BankStore {
  /** Throws AppError `bank_exists` when the name is taken. */
  createBank(input: {
    name: string;
    description: string;
    createdBy: string;
    at: string;
  }): Promise<Bank>;
  getBankByName(name: string): Promise<Bank | null>;
  listBanks(): Promise<BankSummary[]>;

  /**
   * Adds the rows an async source yields, all in one transaction. A row whose signal is already
   * active in the bank is passed to `onDuplicate`; if that throws (or the source throws), the whole
   * import is rolled back and the error rethrown. Returns the number of entries added.
   */
  importEntries<T extends NewBankEntry>(
    bankId: number,
    rows: AsyncIterable<T>,
    meta: { addedBy: string; at: string },
    onDuplicate: (row: T) => void,
  ): Promise<number>;

  /** Withdraws the active entries with these signals; returns the entries withdrawn. */
  withdrawSignals(
    bankId: number,
    signals: ReadonlyArray<{ signalType: string; signal: string }>,
    at: string,
    actor?: string,
  ): Promise<BankEntry[]>;

  /** Entries with id > afterId, ascending, at most `limit` (for streaming exports). */
  listEntries(
    bankId: number,
    options: { afterId: number; limit: number; includeWithdrawn: boolean },
  ): Promise<BankEntry[]>;

  /** Active entries of every bank with id > afterId, ascending (to build in-memory indexes). */
  listActiveEntries(options: { afterId: number; limit: number }): Promise<BankEntry[]>;

  /** The entries with these ids (any bank, withdrawn included), ascending by id; unknown ids are left out. */
  getEntries(ids: readonly number[]): Promise<BankEntry[]>;

  /** Changes with seq > since, ascending, at most `limit`; optionally of one bank only. */
  changesSince(since: number, limit: number, bankId?: number): Promise<BankChange[]>;

  /** The newest seq of the change feed (0 when empty). */
  latestChangeSeq(): Promise<number>;

  /** Where a mirror of `source` into this bank stopped reading the source's feed (0: never). */
  getMirrorCursor(bankId: number, source: string): Promise<number>;

  /**
   * Applies one page of another bank's delta feed to this bank and moves the mirror's cursor to
   * `cursor`, in one transaction: a crash leaves either the whole page with its cursor or neither,
   * so re-reading from the stored cursor never applies a change twice. An add of a signal already
   * active and a withdrawal of one not active change nothing (the feed is keyed by signal).
   */
  applyMirrorPage(
    bankId: number,
    source: string,
    changes: readonly MirroredChange[],
    cursor: number,
    meta: { addedBy: string; at: string },
  ): Promise<{ added: number; withdrawn: number }>;

  close(): Promise<void>;
}
