import { describe, expect, it } from 'vitest';
import { formatDeltaChange, parseDeltaChange, type DeltaFeedChange } from './delta-feed.js';

const PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const CHANGE: DeltaFeedChange = {
  seq: 12,
  op: 'withdraw',
  bank: 'kcsc-confirmed',
  signalType: 'pdq',
  signal: PDQ,
  labels: { category: 'ncii' },
  at: '2026-11-25T06:00:00.000Z',
};

describe('delta feed lines', () => {
  it('round-trips a change through its JSON line', () => {
    const line = formatDeltaChange(CHANGE);
    expect(line).toBe(
      `{"seq":12,"op":"withdraw","bank":"kcsc-confirmed","signal_type":"pdq","signal":"${PDQ}","labels":{"category":"ncii"},"at":"2026-11-25T06:00:00.000Z"}`,
    );
    expect(parseDeltaChange(line)).toEqual(CHANGE);
  });

  it('normalises the signal and defaults missing labels to none', () => {
    const line = JSON.stringify({
      seq: 1,
      op: 'add',
      bank: 'b',
      signal_type: 'PDQ',
      signal: PDQ.toUpperCase(),
      at: '2026-11-25T06:00:00Z',
    });
    expect(parseDeltaChange(line)).toMatchObject({ signalType: 'pdq', signal: PDQ, labels: {} });
  });

  it.each([
    ['{', 'not valid JSON'],
    ['[1]', 'expected a JSON object'],
    [JSON.stringify({ ...wire(), seq: 0 }), '"seq" must be a whole number ≥ 1'],
    [JSON.stringify({ ...wire(), seq: '3' }), '"seq" must be a whole number ≥ 1'],
    [JSON.stringify({ ...wire(), op: 'delete' }), '"op" must be "add" or "withdraw"'],
    [JSON.stringify({ ...wire(), bank: '' }), '"bank" must be a bank name'],
    [JSON.stringify({ ...wire(), at: 'yesterday' }), '"at" must be an ISO 8601 time'],
    [JSON.stringify({ ...wire(), signal_type: 'tmk' }), 'unknown signal type "tmk"'],
    [JSON.stringify({ ...wire(), signal: 'abc' }), 'PDQ hash must be 64 hex digits'],
    [JSON.stringify({ ...wire(), labels: { a: 1 } }), 'label "a" must be a string'],
  ])('refuses %s', (line, message) => {
    expect(() => parseDeltaChange(line)).toThrow(message);
  });
});

function wire(): Record<string, unknown> {
  return JSON.parse(formatDeltaChange(CHANGE)) as Record<string, unknown>;
}
