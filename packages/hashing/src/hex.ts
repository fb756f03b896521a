import { InvalidHashError } from './errors.js';

// Two hex digits for every byte value, so formatting is one look-up a byte.
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`, two digits a byte, in order. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += BYTE_HEX[bytes[i]];
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Parses exactly `byteLength` bytes of hex (either case). Anything else is an
 * {@link InvalidHashError}: hashes arrive from platforms and other hash-sharing systems,
 * so a silent truncation or a padded value would corrupt every later match.
 *
 * @example hexToBytes('00ff', 2) // Uint8Array [0, 255]
 */
export function hexToBytes(hex: unknown, byteLength: number, what = 'hash'): Uint8Array {
  if (typeof hex !== 'string') {
    throw new InvalidHashError('hash_wrong_type', `${what} must be a string of hex digits`);
  }
  if (hex.length !== byteLength * 2) {
    throw new InvalidHashError(
      'hash_wrong_length',
      `${what} must be ${byteLength * 2} hex digits, got ${hex.length}`,
    );
  }
  const out = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) {
    const hi = hexValue(hex.charCodeAt(2 * i));
    const lo = hexValue(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? 2 * i : 2 * i + 1;
      throw new InvalidHashError(
        'hash_not_hex',
        `${what} has a character that is not a hex digit at position ${at}`,
      );
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}
