import { describe, expect, it } from 'vitest';
import { isRiffTruncated } from './riff-length.js';

function riff(declaredBody: number, actualBody: number): Uint8Array {
  const bytes = new Uint8Array(8 + actualBody);
  bytes.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(bytes.buffer).setUint32(4, declaredBody, true);
  return bytes;
}

describe('isRiffTruncated', () => {
  it('compares the declared length with the bytes received', () => {
    expect(isRiffTruncated(riff(100, 100))).toBe(false);
    expect(isRiffTruncated(riff(100, 120))).toBe(false);
    expect(isRiffTruncated(riff(100, 99))).toBe(true);
    expect(isRiffTruncated(new Uint8Array(11))).toBe(true);
  });
});
