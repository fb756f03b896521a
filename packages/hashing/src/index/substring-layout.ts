/**
 * How multi-index hashing cuts 256 bits into `count` contiguous substrings (widths differ by at most
 * one bit), and how far each substring must be searched for a given radius.
 */
export interface SubstringLayout {
  readonly count: number;
  readonly starts: readonly number[];
  readonly widths: readonly number[];
}

export function createSubstringLayout(count: number): SubstringLayout {
  // At most 24-bit substrings: each table's directory has 2^width entries.
  if (!Number.isInteger(count) || count < 11 || count > 32) {
    throw new RangeError(`substring count must be an integer 11…32, got ${count}`);
  }
  const widths = Array.from(
    { length: count },
    (_, t) => Math.floor(256 / count) + (t < 256 % count ? 1 : 0),
  );
  const starts: number[] = [];
  let at = 0;
  for (const w of widths) {
    starts.push(at);
    at += w;
  }
  return { count, starts, widths };
}

/** Substring `t` (≤ 32 bits) of the hash stored as 8 words at `words[at…]`. */
export function extractSubstring(
  layout: SubstringLayout,
  words: Uint32Array,
  at: number,
  t: number,
): number {
  const start = layout.starts[t];
  const width = layout.widths[t];
  const word = start >>> 5;
  const offset = start & 31;
  // Layout bit i is bit i mod 32 (from the least significant end) of word ⌊i/32⌋. Any fixed order
  // of the 256 bits serves the pigeonhole argument; this one needs only shifts.
  let value = words[at + word] >>> offset;
  if (offset + width > 32) value |= words[at + word + 1] << (32 - offset);
  return width === 32 ? value >>> 0 : (value & ((1 << width) - 1)) >>> 0;
}

/**
 * Search radius of each substring for a query radius `r` (refined pigeonhole, Norouzi et al.):
 * with r = count·q + a, a match has some substring among the first a + 1 within q, or some later one
 * within q − 1. A negative radius means that substring need not be searched.
 */
export function substringRadii(layout: SubstringLayout, radius: number): number[] {
  const q = Math.floor(radius / layout.count);
  const a = radius - layout.count * q;
  return layout.widths.map((_, t) => (t <= a ? q : q - 1));
}

/** Substring count for an index of about `size` hashes: substrings of about log2(size) bits. */
export function substringCountForSize(size: number): number {
  const bits = Math.max(16, Math.log2(Math.max(2, size)));
  return Math.min(16, Math.max(11, Math.round(256 / bits)));
}
