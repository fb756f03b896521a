/**
 * The eight symmetries of the square, in the reference's order. What each means for the pixels
 * (checked against the reference vectors and against hashes of actually turned images):
 * rotate90 = 90° counter-clockwise, rotate270 = 90° clockwise, flipX = mirrored top to bottom,
 * flipY = mirrored left to right, flipPlus1 = transposed, flipMinus1 = anti-transposed. Rotating or flipping an image
 * transposes and/or negates odd-frequency DCT coefficients, so all eight hashes come from one
 * 16×16 block without re-filtering the image.
 */
export const DIHEDRAL_VARIANTS = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;

export type DihedralVariant = (typeof DIHEDRAL_VARIANTS)[number];

interface VariantRule {
  /** Entry (i, j) reads the source at (j, i) instead of (i, j). */
  readonly transpose: boolean;
  /** Whether entry (i, j) of the new block is negated. Index i stands for frequency i + 1. */
  readonly negate: (i: number, j: number) => boolean;
}

const never = (): boolean => false;
const isEven = (n: number): boolean => (n & 1) === 0;

const RULES: readonly VariantRule[] = [
  { transpose: false, negate: never },
  { transpose: true, negate: (i) => isEven(i) },
  { transpose: false, negate: (i, j) => !isEven(i + j) },
  { transpose: true, negate: (_i, j) => isEven(j) },
  { transpose: false, negate: (i) => isEven(i) },
  { transpose: false, negate: (_i, j) => isEven(j) },
  { transpose: true, negate: never },
  { transpose: true, negate: (i, j) => !isEven(i + j) },
];

function ruleOf(variantIndex: number): VariantRule {
  const rule = RULES[variantIndex];
  if (!rule) throw new RangeError(`dihedral variant must be 0…7, got ${variantIndex}`);
  return rule;
}

/** The 16×16 DCT block the image would have had after applying `variantIndex` (0…7). */
export function dihedralBlock(block: Float32Array, variantIndex: number): Float32Array {
  const rule = ruleOf(variantIndex);
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = block[rule.transpose ? j * 16 + i : i * 16 + j];
      out[i * 16 + j] = rule.negate(i, j) ? -v : v;
    }
  }
  return out;
}

/**
 * The eight dihedral hashes estimated from a hash alone, when the image (and so its DCT block) is
 * not at hand: each bit moves as its coefficient does and flips where the coefficient is negated.
 * Exact for variants 0 and 6 (no negation); for the others the true variant thresholds the negated
 * block at its own median, which is near but not at zero, so a few bits differ (on Meta's reference
 * images: median 4–10 bits, at most 20, for hashes of quality ≥ 50).
 */
export function approximateDihedralHashes(hash: Uint8Array): Uint8Array[] {
  const bit = (k: number): boolean => ((hash[31 - (k >> 3)] >> (k & 7)) & 1) === 1;
  return RULES.map((_, v) => {
    const rule = ruleOf(v);
    const out = new Uint8Array(32);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const set = bit(rule.transpose ? j * 16 + i : i * 16 + j) !== rule.negate(i, j);
        const k = i * 16 + j;
        if (set) out[31 - (k >> 3)] = out[31 - (k >> 3)] | (1 << (k & 7));
      }
    }
    return out;
  });
}
