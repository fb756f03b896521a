import { describe, expect, it } from 'vitest';
import { CopyTableReader, decodeCopyField } from './copy-text.js';

describe("PostgreSQL's COPY text format", () => {
  it('decodes nulls, backslash escapes, and octal and hex bytes as UTF-8', () => {
    expect(decodeCopyField('\\N')).toBeNull();
    expect(decodeCopyField('plain 한글')).toBe('plain 한글');
    expect(decodeCopyField('a\\tb\\nc\\\\d\\re')).toBe('a\tb\nc\\d\re');
    expect(decodeCopyField('\\355\\225\\234 \\x41\\x4a')).toBe('한 AJ');
    expect(decodeCopyField('{"k":"tab\\there"}')).toBe('{"k":"tab\there"}');
  });

  it("reads one table's rows and skips other tables' blocks", () => {
    const rows: Array<Record<string, string | null>> = [];
    const reader = new CopyTableReader('audit_log', (row) => rows.push(row));
    for (const line of [
      'SET client_encoding = UTF8;',
      'COPY s.other (seq, x) FROM stdin;',
      '9\tnot this',
      '\\.',
      'COPY s.audit_log (seq, actor, details) FROM stdin;',
      '1\tsystem\t{}',
      '2\t\\N\t{"n":"a\\\\b"}',
      '\\.',
      '1\tafter the block\t{}',
    ])
      reader.push(line);
    expect(reader.found).toBe(true);
    expect(rows).toEqual([
      { seq: '1', actor: 'system', details: '{}' },
      { seq: '2', actor: null, details: '{"n":"a\\b"}' },
    ]);
    const strict = new CopyTableReader('audit_log', () => undefined);
    strict.push('COPY s.audit_log (seq, actor) FROM stdin;');
    expect(() => strict.push('1\ttoo\tmany')).toThrow('a row of audit_log has 3 fields, not 2');
  });
});
