import { describe, expect, it } from 'vitest';
import { InvalidHashError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';

describe('hex codec', () => {
  it('formats bytes as lower-case hex, two digits each', () => {
    expect(bytesToHex(Uint8Array.of(0, 1, 15, 16, 171, 255))).toBe('00010f10abff');
  });

  it('parses either case', () => {
    expect(Array.from(hexToBytes('00FFaB', 3))).toEqual([0, 255, 171]);
  });

  it('rejects the wrong length with a typed error', () => {
    expect(() => hexToBytes('abc', 2, 'MD5')).toThrow(
      new InvalidHashError('hash_wrong_length', 'MD5 must be 4 hex digits, got 3'),
    );
    try {
      hexToBytes('', 2);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidHashError);
      expect((error as InvalidHashError).code).toBe('hash_wrong_length');
    }
  });

  it('rejects non-hex characters and says where', () => {
    expect(() => hexToBytes('0g', 1)).toThrow(
      'hash has a character that is not a hex digit at position 1',
    );
    expect(() => hexToBytes(' 0', 1)).toThrow('at position 0');
    expect(() => hexToBytes('0x', 1)).toThrow('at position 1');
  });

  it('rejects values that are not strings', () => {
    for (const value of [123, null, undefined, ['00'], { hex: '00' }]) {
      expect(() => hexToBytes(value, 1)).toThrow(
        new InvalidHashError('hash_wrong_type', 'hash must be a string of hex digits'),
      );
    }
  });
});
