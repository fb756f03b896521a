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

/** The 16×16 DCT block the image would have had after applying `variantIndex` (0…7). */
export function dihedralBlock(block: Float32Array, variantIndex: number): Float32Array {
  const rule = RULES[variantIndex];
  if (!rule) throw new RangeError(`dihedral variant must be 0…7, got ${variantIndex}`);
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = block[rule.transpose ? j * 16 + i : i * 16 + j] as number;
      out[i * 16 + j] = rule.negate(i, j) ? -v : v;
    }
  }
  return out;
}
