import { HASH256_BYTES, type Hash256 } from './hash256.js';
import { dct64To16 } from './dct.js';
import { DIHEDRAL_VARIANTS, dihedralBlock } from './dihedral.js';
import { decimateTo64, jaroszFilter } from './jarosz.js';
import { PDQ_PRE_RESIZE, computeLuma } from './luma.js';
import { assertPixelImage, type PixelImage } from './pixel-image.js';
import { computeQuality } from './quality.js';
import { torbenMedian } from './torben.js';

/** A PDQ hash with the quality (0…100) of the image it came from. */
export interface PdqResult {
  readonly hash: Hash256;
  readonly quality: number;
}

/** The hashes of the eight dihedral variants (order of {@link DIHEDRAL_VARIANTS}) and their quality. */
export interface PdqDihedralResult {
  readonly hashes: readonly Hash256[];
  readonly quality: number;
}

/** Below this many rows or columns the reference gives up: all-zero hash, quality 0. */
const PDQ_MIN_DIMENSION = 5;

/** Bit k = 16·i + j is set when block[i][j] is strictly above the block's Torben median. */
function thresholdBlock(block: Float32Array): Hash256 {
  const median = torbenMedian(block);
  const hash = new Uint8Array(HASH256_BYTES);
  for (let k = 0; k < 256; k++) {
    const byte = 31 - (k >> 3);
    if (block[k] > median) hash[byte] = hash[byte] | (1 << (k & 7));
  }
  return hash;
}

// Planes reused by every call in this thread (hashing is synchronous, so calls never overlap):
// allocating 2 MB per image made the allocator, not the arithmetic, the limit on worker threads.
const PLANE_SIZE = PDQ_PRE_RESIZE * PDQ_PRE_RESIZE;
let planes: { luma: Float32Array; scratch: Float32Array; columnSums: Float32Array } | null = null;

/** Luminance → Jarosz filter → 64×64 → DCT block, plus the quality of the 64×64 buffer. */
function computeDctBlock(image: PixelImage): { block: Float32Array; quality: number } | null {
  assertPixelImage(image);
  if (image.width < PDQ_MIN_DIMENSION || image.height < PDQ_MIN_DIMENSION) return null;
  planes ??= {
    luma: new Float32Array(PLANE_SIZE),
    scratch: new Float32Array(PLANE_SIZE),
    columnSums: new Float32Array(PDQ_PRE_RESIZE),
  };
  const luma = computeLuma(image, planes.luma);
  let buffer64: Float32Array;
  if (luma.width === 64 && luma.height === 64) {
    buffer64 = luma.data;
  } else {
    jaroszFilter(luma.data, planes.scratch, luma.width, luma.height, planes.columnSums);
    buffer64 = decimateTo64(luma.data, luma.width, luma.height);
  }
  return { block: dct64To16(buffer64), quality: computeQuality(buffer64) };
}

/**
 * PDQ hash and quality of decoded pixels, bit-exact with Meta's reference hasher given the same
 * pixels. Hash the stored pixel order (do not apply EXIF orientation) to agree with other systems.
 *
 * @example
 * const { hash, quality } = computePdq({ width, height, channels: 4, data: imageData.data });
 * formatHash256(hash); // 64 hex digits
 */
export function computePdq(image: PixelImage): PdqResult {
  const dct = computeDctBlock(image);
  if (!dct) return { hash: new Uint8Array(HASH256_BYTES), quality: 0 };
  return { hash: thresholdBlock(dct.block), quality: dct.quality };
}

/**
 * The hashes of all eight rotations and flips of the image from one pass, each thresholded by its
 * own median, as the reference's dihedral mode does. Variant 0 equals {@link computePdq}'s hash.
 */
export function computePdqDihedral(image: PixelImage): PdqDihedralResult {
  const dct = computeDctBlock(image);
  if (!dct) {
    return {
      hashes: DIHEDRAL_VARIANTS.map(() => new Uint8Array(HASH256_BYTES)),
      quality: 0,
    };
  }
  const hashes = DIHEDRAL_VARIANTS.map((_, v) => thresholdBlock(dihedralBlock(dct.block, v)));
  return { hashes, quality: dct.quality };
}
