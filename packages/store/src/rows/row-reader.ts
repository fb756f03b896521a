/** A row as both backends return it: column name to value. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * A stored value that is not what its column holds: a damaged store or a migration gone wrong.
 * The message names the value's kind, never the value (a column may hold personal data), except
 * for a closed set's values, which are codes.
 */
export class RowShapeError extends Error {
  constructor(table: string, column: string, expected: string, found: string) {
    super(`${table}.${column}: expected ${expected}, found ${found}`);
    this.name = 'RowShapeError';
  }
}

/** What a value is, without the value. */
export const kindOf = (value: unknown): string =>
  value === null
    ? 'null'
    : value === undefined
      ? 'no such column'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'number' && !Number.isSafeInteger(value)
          ? `the number ${value}`
          : typeof value;

/**
 * Reads one row's columns as the types the records need, checking each value instead of casting
 * it, so a damaged row fails on the column that is wrong rather than somewhere downstream. Both
 * backends store text, integers (PostgreSQL's BIGINT arrives as a number: see postgres-pool.ts),
 * JSON as text and bytes (a Buffer from pg, a Uint8Array from node:sqlite).
 */
export class RowReader {
  constructor(
    private readonly row: Row,
    private readonly table: string,
  ) {}

  text(column: string): string {
    const value = this.row[column];
    if (typeof value !== 'string') throw this.wrong(column, 'text', value);
    return value;
  }

  textOrNull(column: string): string | null {
    return this.row[column] === null ? null : this.text(column);
  }

  int(column: string): number {
    const value = this.row[column];
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw this.wrong(column, 'an integer', value);
    return value;
  }

  intOrNull(column: string): number | null {
    return this.row[column] === null ? null : this.int(column);
  }

  /** One of a closed set of text values (a state, a kind, a role). */
  oneOf<T extends string>(column: string, values: readonly T[]): T {
    const value = this.text(column);
    const known = values.find((v) => v === value);
    if (known === undefined)
      throw new RowShapeError(this.table, column, `one of ${values.join(', ')}`, `'${value}'`);
    return known;
  }

  oneOfOrNull<T extends string>(column: string, values: readonly T[]): T | null {
    return this.row[column] === null ? null : this.oneOf(column, values);
  }

  /** JSON stored as text; the caller narrows what it reads from it. */
  json(column: string): unknown {
    const text = this.text(column);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RowShapeError(this.table, column, 'JSON text', 'text that is not JSON');
    }
  }

  jsonOrNull(column: string): unknown {
    return this.row[column] === null ? null : this.json(column);
  }

  /** A JSON object (a record of named values). */
  object(column: string): Record<string, unknown> {
    const value = this.json(column);
    if (!isObject(value)) throw this.wrong(column, 'a JSON object', value);
    return value;
  }

  objectOrNull(column: string): Record<string, unknown> | null {
    return this.row[column] === null ? null : this.object(column);
  }

  /** A JSON array of strings. */
  strings(column: string): string[] {
    const value = this.json(column);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      throw this.wrong(column, 'a JSON array of strings', value);
    return value;
  }

  /** A JSON object whose values are all strings (labels). */
  stringRecord(column: string): Record<string, string> {
    const value = this.object(column);
    const entries = Object.entries(value);
    const strings: Record<string, string> = {};
    for (const [key, v] of entries) {
      if (typeof v !== 'string') throw this.wrong(column, 'a JSON object of strings', value);
      strings[key] = v;
    }
    return strings;
  }

  bytes(column: string): Uint8Array {
    const value = this.row[column];
    if (!(value instanceof Uint8Array)) throw this.wrong(column, 'bytes', value);
    return new Uint8Array(value);
  }

  private wrong(column: string, expected: string, value: unknown): RowShapeError {
    return new RowShapeError(this.table, column, expected, kindOf(value));
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The reader of a row of `table`. */
export const readRow = (table: string, row: Row): RowReader => new RowReader(row, table);
