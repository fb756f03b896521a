import { describe, expect, it } from 'vitest';
import { formatHashList } from './format-hash-list.js';
import { parseHashList } from './parse-hash-list.js';
import type { ParsedHashListLine } from './hash-list-record.js';

const PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const PDQ2 = 'f0a10efd51c83d429053d48d0fffbc52e34e0e17ada956a9d29685211ea9e58f';
const MD5 = '900150983cd24fb0d6963f7d28e17f72';

async function collect(lines: string[], options = {}): Promise<ParsedHashListLine[]> {
  const out: ParsedHashListLine[] = [];
  for await (const parsed of parseHashList(lines, options)) out.push(parsed);
  return out;
}

describe('parseHashList', () => {
  it('reads plain hex lines, skipping blanks and # comments, normalising case', async () => {
    expect(await collect(['# bank export', PDQ.toUpperCase(), '', `  ${PDQ2}  `])).toEqual([
      { ok: true, record: { line: 2, signalType: 'pdq', signal: PDQ, labels: {} } },
      { ok: true, record: { line: 4, signalType: 'pdq', signal: PDQ2, labels: {} } },
    ]);
  });

  it('reads hex lines of another signal type when told', async () => {
    expect(await collect([MD5], { signalType: 'md5' })).toEqual([
      { ok: true, record: { line: 1, signalType: 'md5', signal: MD5, labels: {} } },
    ]);
  });

  it('reads CSV with a header; extra columns are labels; empty cells are left out', async () => {
    const lines = [
      '\uFEFFsignal_type,signal,category,source',
      `pdq,${PDQ},deepfake,"KCSC, 2026"`,
      `MD5,${MD5},,victim\r`,
    ];
    expect(await collect(lines)).toEqual([
      {
        ok: true,
        record: {
          line: 2,
          signalType: 'pdq',
          signal: PDQ,
          labels: { category: 'deepfake', source: 'KCSC, 2026' },
        },
      },
      {
        ok: true,
        record: { line: 3, signalType: 'md5', signal: MD5, labels: { source: 'victim' } },
      },
    ]);
  });

  it('reads JSON lines', async () => {
    const lines = [
      JSON.stringify({ signal_type: 'pdq', signal: PDQ, labels: { case: 'C-1' } }),
      JSON.stringify({ signal_type: 'md5', signal: MD5 }),
    ];
    expect(await collect(lines)).toEqual([
      { ok: true, record: { line: 1, signalType: 'pdq', signal: PDQ, labels: { case: 'C-1' } } },
      { ok: true, record: { line: 2, signalType: 'md5', signal: MD5, labels: {} } },
    ]);
  });

  it("reads a PDQ line's derived crop hashes, and `haechi hash --enrol` output's crops", async () => {
    const derived = [{ crop: 'centre-90', signal: PDQ2.toUpperCase() }];
    const lines = [
      JSON.stringify({ signal_type: 'pdq', signal: PDQ, derived }),
      JSON.stringify({ path: 'a.jpg', pdq: PDQ, quality: 90, md5: MD5, crops: derived }),
      JSON.stringify({ signal_type: 'md5', signal: MD5, derived }),
      JSON.stringify({
        signal_type: 'pdq',
        signal: PDQ,
        derived: [{ crop: 'Centre 90', signal: PDQ2 }],
      }),
      JSON.stringify({
        signal_type: 'pdq',
        signal: PDQ,
        derived: [{ crop: 'centre-90', signal: 'abc' }],
      }),
      JSON.stringify({ signal_type: 'pdq', signal: PDQ, derived: Array(9).fill(derived[0]) }),
    ];
    const parsed = await collect(lines);
    const crops = [{ crop: 'centre-90', signal: PDQ2 }];
    expect(parsed.slice(0, 3)).toEqual([
      { ok: true, record: { line: 1, signalType: 'pdq', signal: PDQ, labels: {}, derived: crops } },
      { ok: true, record: { line: 2, signalType: 'pdq', signal: PDQ, labels: {}, derived: crops } },
      { ok: true, record: { line: 2, signalType: 'md5', signal: MD5, labels: {} } },
    ]);
    expect(parsed.slice(3).map((p) => (p.ok ? null : p.problem.message))).toEqual([
      'only a pdq signal can have derived hashes, not md5',
      'derived[0].crop must be a name like "centre-90"',
      expect.stringMatching(/^derived\[0\]\.signal: /),
      '"derived" has 9 hashes; at most 8',
    ]);
  });

  it('names the line and the reason for every bad row, and goes on', async () => {
    const lines = [
      'signal_type,signal,category',
      `pdq,${PDQ.slice(1)},x`,
      `pdq,${PDQ.slice(0, 63)}g,x`,
      `tmk,${PDQ},x`,
      `pdq,${PDQ}`,
      `pdq,"${PDQ},x`,
      `md5,${PDQ},x`,
      `pdq,${PDQ},ok`,
    ];
    expect(await collect(lines)).toEqual([
      { ok: false, problem: { line: 2, message: 'PDQ hash must be 64 hex digits, got 63' } },
      {
        ok: false,
        problem: {
          line: 3,
          message: 'PDQ hash has a character that is not a hex digit at position 63',
        },
      },
      {
        ok: false,
        problem: {
          line: 4,
          message: 'unknown signal type "tmk"; expected one of pdq, md5, sha256, vpdq',
        },
      },
      { ok: false, problem: { line: 5, message: 'expected 3 fields as in the header, got 2' } },
      { ok: false, problem: { line: 6, message: 'a quoted field is not closed on this line' } },
      { ok: false, problem: { line: 7, message: 'MD5 must be 32 hex digits, got 64' } },
      { ok: true, record: { line: 8, signalType: 'pdq', signal: PDQ, labels: { category: 'ok' } } },
    ]);
  });

  it('stops at a bad CSV header with one problem', async () => {
    expect(await collect(['signal_type,hash', `pdq,${PDQ}`])).toEqual([
      {
        ok: false,
        problem: { line: 1, message: 'the CSV header must start with signal_type,signal' },
      },
    ]);
    expect(await collect(['signal_type,signal,a,a'])).toEqual([
      { ok: false, problem: { line: 1, message: 'CSV column "a" appears twice' } },
    ]);
  });

  it('reads the output of `haechi hash` as it is: every signal of each file', async () => {
    const SHA = 'ab'.repeat(32);
    const VPDQ = `0,${PDQ},100,0;1,${PDQ2},90,1`;
    const lines = [
      JSON.stringify({
        path: 'a.jpg',
        pdq: PDQ.toUpperCase(),
        quality: 100,
        md5: MD5,
        sha256: SHA,
      }),
      JSON.stringify({ path: 'clip.mp4', vpdq: VPDQ, md5: MD5, sha256: SHA }),
      JSON.stringify({ path: 'notes.txt', error: 'not a supported image', code: 'x' }),
      JSON.stringify({ path: 'flat.png', pdq: PDQ2, quality: 20, md5: MD5, sha256: SHA }),
      JSON.stringify({ path: 'empty.jpg' }),
    ];
    expect(await collect(lines)).toEqual([
      { ok: true, record: { line: 1, signalType: 'pdq', signal: PDQ, labels: {} } },
      { ok: true, record: { line: 1, signalType: 'md5', signal: MD5, labels: {} } },
      { ok: true, record: { line: 1, signalType: 'sha256', signal: SHA, labels: {} } },
      { ok: true, record: { line: 2, signalType: 'vpdq', signal: VPDQ, labels: {} } },
      { ok: true, record: { line: 2, signalType: 'md5', signal: MD5, labels: {} } },
      { ok: true, record: { line: 2, signalType: 'sha256', signal: SHA, labels: {} } },
      {
        ok: false,
        problem: { line: 3, message: '"notes.txt" was not hashed: not a supported image' },
      },
      {
        ok: false,
        problem: {
          line: 4,
          message: '"flat.png": PDQ quality 20 is below 50, too little detail to bank',
        },
      },
      {
        ok: false,
        problem: { line: 5, message: '"empty.jpg": no pdq, vpdq, md5 or sha256 field' },
      },
    ]);
  });

  it('rejects malformed JSON lines with the reason', async () => {
    const lines = [
      '{"signal_type":"pdq"',
      '[1]',
      '{"signal":"00"}',
      `{"signal_type":"pdq","signal":"${PDQ}","labels":{"n":1}}`,
      `{"signal_type":"pdq","signal":${JSON.stringify(PDQ)},"labels":[]}`,
    ];
    expect((await collect(lines)).map((p) => (p.ok ? 'ok' : p.problem.message))).toEqual([
      'not valid JSON',
      'expected a JSON object',
      '"signal_type" must be a string',
      'label "n" must be a string',
      '"labels" must be an object of strings',
    ]);
  });

  it('refuses overlong lines without holding them', async () => {
    expect(await collect(['x'.repeat(100)], { maxLineLength: 99 })).toEqual([
      { ok: false, problem: { line: 1, message: 'line is longer than 99 characters' } },
    ]);
  });

  it('streams: records come out before the input ends', async () => {
    let produced = 0;
    async function* slowLines() {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield PDQ;
      }
    }
    const iterator = parseHashList(slowLines());
    await iterator.next();
    expect(produced).toBe(1);
  });
});

describe('formatHashList', () => {
  const entries = [
    { signalType: 'pdq' as const, signal: PDQ, labels: { category: 'deepfake', note: 'a, "b"' } },
    { signalType: 'md5' as const, signal: MD5 },
  ];
  const write = async (format: 'hex' | 'csv' | 'jsonl', list = entries) => {
    const lines: string[] = [];
    for await (const line of formatHashList(list, format, { labelColumns: ['category', 'note'] }))
      lines.push(line);
    return lines;
  };

  it('writes CSV and JSON lines that read back to the same entries', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const back = (await collect(await write(format))).map((p) => (p.ok ? p.record : p.problem));
      expect(back.map((r) => ('signal' in r ? [r.signalType, r.signal, r.labels] : r))).toEqual([
        ['pdq', PDQ, { category: 'deepfake', note: 'a, "b"' }],
        ['md5', MD5, {}],
      ]);
    }
    expect((await write('csv'))[0]).toBe('signal_type,signal,category,note');
  });

  it('writes hex lines of one signal type only', async () => {
    expect(await write('hex', [entries[0]])).toEqual([PDQ]);
    await expect(write('hex')).rejects.toThrow(
      'a hex list holds one signal type; got md5 after pdq',
    );
  });
});
