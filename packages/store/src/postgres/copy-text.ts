/**
 * PostgreSQL's COPY text format, as `pg_restore --data-only` prints a table: a
 * `COPY schema.table (columns) FROM stdin;` line, one tab-separated row per line, `\.` at the end.
 */

const COPY_LINE = /^COPY ("?[\w]+"?)\.("?[\w]+"?) \(([^)]*)\) FROM stdin;$/;

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** One field's text, or null for `\N`. Octal (`\123`) and hex (`\x4f`) escapes are bytes. */
export function decodeCopyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  const bytes: number[] = [];
  const text = Buffer.from(field, 'utf8');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== 0x5c || i + 1 >= text.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(text[i + 1]);
    const octal = /^[0-7]{1,3}/.exec(text.subarray(i + 1, i + 4).toString('latin1'));
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.subarray(i + 1, i + 4).toString('latin1'));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length;
    } else if (hex) {
      bytes.push(parseInt(hex[1], 16));
      i += hex[0].length;
    } else {
      bytes.push((ESCAPES[next] ?? next).charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Reads one table's rows out of `pg_restore`'s output, line by line: `push` each line; rows of
 * `table` reach `onRow` as column → text (or null). Other tables' blocks are skipped.
 */
export class CopyTableReader {
  private columns: string[] | null = null;
  private inOther = false;
  private seen = false;

  constructor(
    private readonly table: string,
    private readonly onRow: (row: Record<string, string | null>) => void,
  ) {}

  push(line: string): void {
    if (this.columns) {
      if (line === '\\.') {
        this.columns = null;
        return;
      }
      const fields = line.split('\t');
      if (fields.length !== this.columns.length)
        throw new Error(
          `a row of ${this.table} has ${fields.length} fields, not ${this.columns.length}`,
        );
      const row: Record<string, string | null> = {};
      this.columns.forEach((name, i) => (row[name] = decodeCopyField(fields[i])));
      this.onRow(row);
      return;
    }
    if (this.inOther) {
      if (line === '\\.') this.inOther = false;
      return;
    }
    const copy = COPY_LINE.exec(line);
    if (!copy) return;
    if (copy[2].replace(/"/g, '') !== this.table) {
      this.inOther = true;
      return;
    }
    this.seen = true;
    this.columns = copy[3].split(',').map((c) => c.trim().replace(/"/g, ''));
  }

  /** Whether the table's data block was there at all. */
  get found(): boolean {
    return this.seen;
  }
}
