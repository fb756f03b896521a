import { HASH256_BYTES, type Hash256 } from '../pdq/hash256.js';

/** A 256-bit hash as 8 unsigned 32-bit words (big-endian from the hex byte order). */
export function hashToWords(
  hash: Hash256,
  out: Uint32Array = new Uint32Array(8),
  at = 0,
): Uint32Array {
  if (hash.length !== HASH256_BYTES) throw new RangeError('a PDQ hash must be 32 bytes');
  for (let w = 0; w < 8; w++) {
    const b = 4 * w;
    out[at + w] = ((hash[b] << 24) | (hash[b + 1] << 16) | (hash[b + 2] << 8) | hash[b + 3]) >>> 0;
  }
  return out;
}

/** The inverse of {@link hashToWords}. */
export function wordsToHash(words: Uint32Array, at = 0): Hash256 {
  const hash = new Uint8Array(HASH256_BYTES);
  for (let w = 0; w < 8; w++) {
    const v = words[at + w];
    hash[4 * w] = v >>> 24;
    hash[4 * w + 1] = (v >>> 16) & 255;
    hash[4 * w + 2] = (v >>> 8) & 255;
    hash[4 * w + 3] = v & 255;
  }
  return hash;
}

/** Set bits in a 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Hamming distance between the 8 words at `a[ai…]` and `b[bi…]`, giving up (returning a value
 * above `limit`) as soon as the running sum passes `limit`.
 */
export function wordsDistance(
  a: Uint32Array,
  ai: number,
  b: Uint32Array,
  bi: number,
  limit = 256,
): number {
  let d = 0;
  for (let w = 0; w < 8 && d <= limit; w++) d += popcount32((a[ai + w] ^ b[bi + w]) >>> 0);
  return d;
}
