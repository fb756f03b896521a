import { formatHash256, parseHash256 } from '@haechi/hashing';
import { describe, expect, it } from 'vitest';
import { normalizeSignal } from './signal-types.js';
import { formatVpdqSignal, parseVpdqSignal } from './vpdq-signal.js';

const A = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const B = 'f0a10efd51c83d429053d48d0fffbc52e34e0e17ada956a9d29685211ea9e58f';

describe('vPDQ signals', () => {
  it('round-trips frames and normalises case', () => {
    const features = [
      { frameIndex: 0, timestampSec: 0, hash: parseHash256(A), quality: 100 },
      { frameIndex: 3, timestampSec: 3.0004, hash: parseHash256(B), quality: 74 },
    ];
    const text = formatVpdqSignal(features);
    expect(text).toBe(`0,${A},100,0;3,${B},74,3`);
    expect(
      parseVpdqSignal(text).map((f) => [
        f.frameIndex,
        formatHash256(f.hash),
        f.quality,
        f.timestampSec,
      ]),
    ).toEqual([
      [0, A, 100, 0],
      [3, B, 74, 3],
    ]);
    expect(normalizeSignal('vpdq', ` 0,${A.toUpperCase()},100,0 `)).toBe(`0,${A},100,0`);
  });

  it.each([
    ['', 'a vPDQ signal needs at least one frame'],
    [`0,${A},100`, 'vPDQ frame 1: expected frameIndex,pdqHex,quality,timestampSec'],
    [`0,${A},100,0;x,${A},1,1`, 'vPDQ frame 2: frame index must be a whole number'],
    [`0,${A},101,0`, 'vPDQ frame 1: quality must be a whole number 0…100'],
    [`0,${A},100,-1`, 'vPDQ frame 1: timestamp must be seconds ≥ 0'],
    ['0,abc,100,0', 'vPDQ frame 1: PDQ hash must be 64 hex digits, got 3'],
  ])('refuses %j', (text, message) => {
    expect(() => parseVpdqSignal(text)).toThrow(message);
  });
});
