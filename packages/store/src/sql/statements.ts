import type { AuditEntry, AuditRecord } from '@haechi/core';

/**
 * What a store asks of its database, one step at a time. A store's work is a generator of these
 * steps (`yield* get(…)`), which each backend's {@link SqlRunner} drives: SQLite synchronously
 * inside one of its own transactions, PostgreSQL asynchronously on one connection. So both backends
 * run one piece of code, and SQLite's transactions stay synchronous (nothing can run between their
 * statements).
 */
export type SqlStep =
  | { readonly kind: 'get' | 'all' | 'run'; readonly sql: string; readonly params: unknown[] }
  | { readonly kind: 'audit'; readonly record: AuditRecord };

/** A store's unit of work: steps in, a result out. */
export type SqlWork<T> = Generator<SqlStep, T, unknown>;

/** The first row of a statement (`?` placeholders on both backends), if any. */
export function* get<R = Record<string, unknown>>(
  sql: string,
  ...params: unknown[]
): SqlWork<R | undefined> {
  return (yield { kind: 'get', sql, params }) as R | undefined;
}

/** Every row of a statement. */
export function* all<R = Record<string, unknown>>(sql: string, ...params: unknown[]): SqlWork<R[]> {
  return (yield { kind: 'all', sql, params }) as R[];
}

/** Runs a statement; how many rows it changed. */
export function* run(sql: string, ...params: unknown[]): SqlWork<number> {
  return (yield { kind: 'run', sql, params }) as number;
}

/** Appends to the audit chain in the same transaction as the change it records. */
export function* audit(record: AuditRecord): SqlWork<AuditEntry> {
  return (yield { kind: 'audit', record }) as AuditEntry;
}

/**
 * Runs a unit of work on a backend; `transaction` makes it all-or-nothing. `groupCommit` (with
 * `transaction`) lets PostgreSQL commit it together with others that arrive meanwhile, each still
 * all-or-nothing: for hot paths that append to the audit chain (see GroupCommit).
 */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  perform<T>(work: () => SqlWork<T>, options?: SqlRunOptions): Promise<T>;
}

export interface SqlRunOptions {
  readonly transaction?: boolean;
  readonly groupCommit?: boolean;
}

/** A unique constraint (or primary key) refused the row, on either backend. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  // node:sqlite gives SQLite's extended result code: 2067 UNIQUE, 1555 PRIMARYKEY.
  return (
    code === '23505' ||
    errcode === SQLITE_CONSTRAINT_UNIQUE ||
    errcode === SQLITE_CONSTRAINT_PRIMARYKEY
  );
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
