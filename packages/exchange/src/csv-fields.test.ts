import { describe, expect, it } from 'vitest';
import { formatCsvField, splitCsvLine } from './csv-fields.js';

describe('CSV fields', () => {
  it('splits plain and quoted fields, with "" inside quotes', () => {
    expect(splitCsvLine('pdq,abc,x')).toEqual(['pdq', 'abc', 'x']);
    expect(splitCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(splitCsvLine('')).toEqual(['']);
  });

  it('rejects a quote left open or a stray quote', () => {
    expect(() => splitCsvLine('a,"b')).toThrow('a quoted field is not closed on this line');
    expect(() => splitCsvLine('a,b"c')).toThrow('a quote inside an unquoted field');
  });

  it('quotes only when needed, and round-trips hostile strings', () => {
    expect(formatCsvField('plain')).toBe('plain');
    const hostile = [
      'a,b',
      'say "hi"',
      "'; DROP TABLE banks; --",
      '<script>alert(1)</script>',
      '피해자, "익명"',
    ];
    expect(splitCsvLine(hostile.map(formatCsvField).join(','))).toEqual(hostile);
  });
});
