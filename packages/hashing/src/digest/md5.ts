import { bytesToHex } from '../hex.js';
import { BlockDigest } from './block-digest.js';

// Per-round shift amounts and the sine-derived constants of RFC 1321.
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Int32Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0,
);

/** Incremental MD5 (RFC 1321). MD5 is broken for security; here it is an exact-match signal only. */
export class Md5 extends BlockDigest {
  protected readonly lengthIsLittleEndian = true;
  private readonly state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  private readonly words = new Int32Array(16);

  protected processBlock(view: DataView, offset: number): void {
    const m = this.words;
    for (let i = 0; i < 16; i++) m[i] = view.getInt32(offset + 4 * i, true);
    let a = this.state[0];
    let b = this.state[1];
    let c = this.state[2];
    let d = this.state[3];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const s = SHIFTS[((i >> 4) << 2) | (i & 3)];
      const sum = (a + f + K[i] + m[g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    this.state[0] = (this.state[0] + a) | 0;
    this.state[1] = (this.state[1] + b) | 0;
    this.state[2] = (this.state[2] + c) | 0;
    this.state[3] = (this.state[3] + d) | 0;
  }

  protected stateBytes(): Uint8Array {
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 4; i++) view.setInt32(4 * i, this.state[i], true);
    return out;
  }
}

/**
 * MD5 of `bytes` as 32 lower-case hex digits.
 *
 * @example md5Hex(new TextEncoder().encode('abc')) // '900150983cd24fb0d6963f7d28e17f72'
 */
export function md5Hex(bytes: Uint8Array): string {
  return bytesToHex(new Md5().update(bytes).digest());
}
