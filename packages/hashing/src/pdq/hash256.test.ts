import { describe, expect, it } from 'vitest';
import { InvalidHashError } from '../errors.js';
import { formatHash256, getBit, hammingDistance, parseHash256 } from './hash256.js';
import { PDQ_MATCH_RADIUS, PDQ_MIN_QUALITY, isPdqMatch, isReliableQuality } from './thresholds.js';

const ZERO = '0'.repeat(64);

describe('PDQ hash hex', () => {
  it('round-trips and normalises to lower case', () => {
    const hex = 'D8F8F0CEE0F4A84F0637022A078F67F0B36E2ED596621E1D33E6339C4E9C9B22';
    expect(formatHash256(parseHash256(hex))).toBe(hex.toLowerCase());
  });

  it('puts bit 0 in the last hex digit and bit 255 in the first (reference word order)', () => {
    const low = parseHash256('0'.repeat(63) + '1');
    expect(getBit(low, 0)).toBe(true);
    expect(Array.from({ length: 256 }, (_, k) => getBit(low, k)).filter(Boolean)).toHaveLength(1);
    const high = parseHash256('8' + '0'.repeat(63));
    expect(getBit(high, 255)).toBe(true);
    expect(getBit(parseHash256('0'.repeat(60) + '8000'), 15)).toBe(true);
    expect(getBit(parseHash256('0'.repeat(56) + '00010000'), 16)).toBe(true);
  });

  it('rejects malformed hashes with typed errors', () => {
    const cases: Array<[unknown, string, string]> = [
      [ZERO.slice(1), 'hash_wrong_length', 'PDQ hash must be 64 hex digits, got 63'],
      [ZERO + '0', 'hash_wrong_length', 'PDQ hash must be 64 hex digits, got 65'],
      [
        'z' + ZERO.slice(1),
        'hash_not_hex',
        'PDQ hash has a character that is not a hex digit at position 0',
      ],
      [ZERO.slice(2) + '-1', 'hash_not_hex', 'at position 62'],
      [42, 'hash_wrong_type', 'PDQ hash must be a string of hex digits'],
    ];
    for (const [input, code, message] of cases) {
      let caught: unknown;
      try {
        parseHash256(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidHashError);
      expect((caught as InvalidHashError).code).toBe(code);
      expect((caught as InvalidHashError).message).toContain(message);
    }
  });

  it('refuses to format a buffer that is not 32 bytes', () => {
    expect(() => formatHash256(new Uint8Array(31))).toThrow('a PDQ hash must be 32 bytes');
  });
});

describe('Hamming distance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance(parseHash256(ZERO), parseHash256(ZERO))).toBe(0);
    expect(hammingDistance(parseHash256(ZERO), parseHash256('f'.repeat(64)))).toBe(256);
    expect(hammingDistance(parseHash256(ZERO), parseHash256('0'.repeat(62) + '0f'))).toBe(4);
    expect(
      hammingDistance(parseHash256('1' + '0'.repeat(63)), parseHash256('3' + '0'.repeat(63))),
    ).toBe(1);
  });

  it('is symmetric', () => {
    const a = parseHash256('d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22');
    const b = parseHash256('f0a10efd51c83d429053d48d0fffbc52e34e0e17ada956a9d29685211ea9e58f');
    expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
    expect(hammingDistance(a, b)).toBe(120); // popcount of a XOR b, computed independently
  });

  it('rejects buffers of the wrong size', () => {
    expect(() => hammingDistance(new Uint8Array(32), new Uint8Array(16))).toThrow(InvalidHashError);
  });
});

describe('thresholds', () => {
  it('are the reference defaults', () => {
    expect(PDQ_MATCH_RADIUS).toBe(31);
    expect(PDQ_MIN_QUALITY).toBe(50);
  });

  it('match at the radius and not beyond', () => {
    expect(isPdqMatch(31)).toBe(true);
    expect(isPdqMatch(32)).toBe(false);
    expect(isPdqMatch(10, 8)).toBe(false);
  });

  it('treat quality 50 as reliable and 49 as not', () => {
    expect(isReliableQuality(50)).toBe(true);
    expect(isReliableQuality(49)).toBe(false);
  });
});
