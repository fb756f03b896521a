import { describe, expect, it } from 'vitest';
import { RowShapeError, readRow } from './row-reader.js';

const row = {
  id: 7,
  name: 'p',
  gone: null,
  ratio: 0.5,
  verdict: 'hold',
  labels: '{"label":"ncii"}',
  list: '["a","b"]',
  broken: '{not json',
  bytes: new Uint8Array([1, 2]),
};
const r = readRow('things', row);

describe('RowReader', () => {
  it('reads each column as its type', () => {
    expect(r.int('id')).toBe(7);
    expect(r.text('name')).toBe('p');
    expect(r.textOrNull('gone')).toBeNull();
    expect(r.intOrNull('gone')).toBeNull();
    expect(r.oneOf('verdict', ['allow', 'hold'] as const)).toBe('hold');
    expect(r.oneOfOrNull('gone', ['allow'] as const)).toBeNull();
    expect(r.stringRecord('labels')).toEqual({ label: 'ncii' });
    expect(r.strings('list')).toEqual(['a', 'b']);
    expect(r.objectOrNull('gone')).toBeNull();
    expect(r.bytes('bytes')).toEqual(new Uint8Array([1, 2]));
  });

  it('names the table, the column, what it expected and what kind of value it found', () => {
    const refusals: Array<[() => unknown, string]> = [
      [() => r.text('id'), 'things.id: expected text, found number'],
      [() => r.int('name'), 'things.name: expected an integer, found string'],
      [() => r.int('ratio'), 'things.ratio: expected an integer, found the number 0.5'],
      [() => r.text('gone'), 'things.gone: expected text, found null'],
      [() => r.text('missing'), 'things.missing: expected text, found no such column'],
      [
        () => r.oneOf('verdict', ['allow', 'block'] as const),
        "things.verdict: expected one of allow, block, found 'hold'",
      ],
      [() => r.json('broken'), 'things.broken: expected JSON text, found text that is not JSON'],
      [() => r.object('list'), 'things.list: expected a JSON object, found an array'],
      [() => r.strings('labels'), 'things.labels: expected a JSON array of strings, found object'],
      [() => r.bytes('name'), 'things.name: expected bytes, found string'],
    ];
    for (const [read, message] of refusals) {
      expect(read).toThrow(RowShapeError);
      expect(read).toThrow(message);
    }
  });
});
