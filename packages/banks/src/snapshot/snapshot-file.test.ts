import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotError, readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const arrays = () =>
  new Map<string, Uint8Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>([
    ['bytes', Uint8Array.from([1, 2, 3])],
    ['words', Uint32Array.from([0xdeadbeef, 7])],
    ['signed', Int32Array.from([-1, 2 ** 31 - 1])],
    ['empty', new Uint32Array(0)],
  ]);

describe('snapshot files', () => {
  it('read back the arrays, with their types, and the meta they were written with', async () => {
    const path = join(dir, 'index.snapshot');
    const bytes = await writeSnapshotFile(path, { seq: 42, note: 'ok' }, arrays());
    expect(readFileSync(path).length).toBe(bytes);
    const { meta, arrays: read } = await readSnapshotFile(path);
    expect(meta).toEqual({ seq: 42, note: 'ok' });
    expect([...read.keys()]).toEqual(['bytes', 'words', 'signed', 'empty']);
    expect(read.get('words')).toEqual(Uint32Array.from([0xdeadbeef, 7]));
    expect(read.get('signed')).toEqual(Int32Array.from([-1, 2 ** 31 - 1]));
    expect(read.get('bytes')).toBeInstanceOf(Uint8Array);
    // Written beside it and renamed: no temporary file is left.
    expect(readdirSync(dir)).toEqual(['index.snapshot']);
  });

  it('replace the old file only once the new one is complete', async () => {
    const path = join(dir, 'index.snapshot');
    writeFileSync(join(dir, '.index.snapshot.99999.tmp'), 'left by a writer that died');
    await writeSnapshotFile(path, { seq: 1 }, arrays());
    expect(readdirSync(dir)).toEqual(['index.snapshot']);
    const huge = new Map([['too-big', new Uint8Array(8)]]);
    Object.defineProperty(huge.get('too-big'), 'buffer', {
      get: () => {
        throw new Error('the disk is full');
      },
    });
    await expect(writeSnapshotFile(path, { seq: 2 }, huge)).rejects.toThrow('the disk is full');
    expect((await readSnapshotFile(path)).meta).toEqual({ seq: 1 });
    expect(readdirSync(dir)).toEqual(['index.snapshot']);
  });

  it('refuse a damaged, cut or foreign file with the reason', async () => {
    const path = join(dir, 'index.snapshot');
    await writeSnapshotFile(path, { seq: 1 }, arrays());
    const good = readFileSync(path);

    const flipped = Buffer.from(good);
    flipped[8 + 8] = flipped[8 + 8] ^ 1; // inside "words", which starts at the first 8-byte boundary after "bytes"
    writeFileSync(path, flipped);
    await expect(readSnapshotFile(path)).rejects.toThrow(
      'section words does not match its checksum',
    );

    writeFileSync(path, good.subarray(0, good.length - 5));
    await expect(readSnapshotFile(path)).rejects.toThrow(
      'is not a Haechi snapshot (or was cut short)',
    );

    const header = Buffer.from(good);
    const at = header.indexOf('"seq":1');
    header[at + 6] = '2'.charCodeAt(0);
    writeFileSync(path, header);
    await expect(readSnapshotFile(path)).rejects.toThrow('header does not match its digest');

    writeFileSync(path, 'not a snapshot at all, but long enough to have a tail of sorts');
    await expect(readSnapshotFile(path)).rejects.toBeInstanceOf(SnapshotError);
    await expect(readSnapshotFile(join(dir, 'missing'))).rejects.toThrow('no snapshot at');
  });
});
