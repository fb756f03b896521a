import { InvalidHashError } from '../errors.js';
import { bytesToHex, hexToBytes } from '../hex.js';

/**
 * A 256-bit PDQ hash as 32 bytes in the order of its hex string.
 *
 * The reference stores 16 words of 16 bits and prints word 15 first, so byte `2·(15 − w)` is the
 * high byte of word `w`. Bit `k` of the hash (row `k >> 4`, column `k & 15` of the 16×16 DCT
 * block) is therefore bit `k & 7` of byte `31 − (k >> 3)`.
 */
export type Hash256 = Uint8Array;

export const HASH256_BYTES = 32;
export const HASH256_BITS = 256;
export const HASH256_HEX_LENGTH = 64;

/** Parses a 64-digit hex PDQ hash; throws {@link InvalidHashError} on any other input. */
export function parseHash256(hex: unknown): Hash256 {
  return hexToBytes(hex, HASH256_BYTES, 'PDQ hash');
}

/** Formats a hash as 64 lower-case hex digits, as the reference and every PDQ hash list do. */
export function formatHash256(hash: Hash256): string {
  assertHash256(hash);
  return bytesToHex(hash);
}

export function assertHash256(hash: unknown): asserts hash is Hash256 {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH256_BYTES) {
    throw new InvalidHashError('hash_wrong_length', 'a PDQ hash must be 32 bytes');
  }
}

/** Byte offset and mask of bit `k` (0…255) inside a {@link Hash256}. */
export function bitPosition(k: number): { byte: number; mask: number } {
  return { byte: 31 - (k >> 3), mask: 1 << (k & 7) };
}

export function getBit(hash: Hash256, k: number): boolean {
  const { byte, mask } = bitPosition(k);
  return (hash[byte] & mask) !== 0;
}

// Bit counts of every byte value: 32 table look-ups beat bit tricks on Uint8Array in V8.
const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + POPCOUNT8[i >> 1];

/**
 * Number of differing bits between two 256-bit hashes (0…256).
 *
 * @example hammingDistance(parseHash256('f'.repeat(64)), parseHash256('0'.repeat(64))) // 256
 */
export function hammingDistance(a: Hash256, b: Hash256): number {
  if (a.length !== HASH256_BYTES || b.length !== HASH256_BYTES) {
    throw new InvalidHashError('hash_wrong_length', 'a PDQ hash must be 32 bytes');
  }
  let d = 0;
  for (let i = 0; i < HASH256_BYTES; i++) d += POPCOUNT8[a[i] ^ b[i]];
  return d;
}
