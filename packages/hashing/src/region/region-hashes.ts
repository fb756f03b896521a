import type { Hash256 } from '../pdq/hash256.js';
import { computePdqDihedral } from '../pdq/pdq-hasher.js';
import type { PixelImage } from '../pdq/pixel-image.js';
import { PDQ_MIN_QUALITY } from '../pdq/thresholds.js';
import { centredRegion, cropImage, type ImageRegion } from './crop-image.js';
import { findContentRegions, type ContentRegionOptions } from './content-regions.js';

/** The 8 dihedral PDQ hashes of one region of an image (`region` null: the whole image). */
export interface RegionHashes {
  readonly region: ImageRegion | null;
  readonly hashes: readonly Hash256[];
  readonly quality: number;
}

/**
 * What screening queries for one image: the dihedral hashes of the whole image, then of each
 * content region ({@link findContentRegions}) whose quality is enough to match. The whole image
 * comes first even when its quality is low (the caller decides whether to match it).
 */
export function computePdqWithRegions(
  image: PixelImage,
  options: ContentRegionOptions = {},
): RegionHashes[] {
  const whole = computePdqDihedral(image);
  const found: RegionHashes[] = [{ region: null, hashes: whole.hashes, quality: whole.quality }];
  for (const region of findContentRegions(image, options)) {
    const { hashes, quality } = computePdqDihedral(cropImage(image, region));
    if (quality >= PDQ_MIN_QUALITY) found.push({ region, hashes, quality });
  }
  return found;
}

/**
 * The crops enrolled beside an image's own hash, so a re-post cut down from it still matches:
 * the centred 90 % and 80 % (a trimmed frame, a zoomed screenshot) and the four 85 % corners (a
 * crop off one side). Measured with `haechi eval robustness` (README, "Altered copies").
 */
export const ENROLMENT_CROPS = [
  { name: 'centre-90', fraction: 0.9, anchor: 'centre' },
  { name: 'centre-80', fraction: 0.8, anchor: 'centre' },
  { name: 'top-left-85', fraction: 0.85, anchor: 'top-left' },
  { name: 'top-right-85', fraction: 0.85, anchor: 'top-right' },
  { name: 'bottom-left-85', fraction: 0.85, anchor: 'bottom-left' },
  { name: 'bottom-right-85', fraction: 0.85, anchor: 'bottom-right' },
] as const;

export type EnrolmentCropName = (typeof ENROLMENT_CROPS)[number]['name'];

/** One derived hash: the PDQ (as stored, variant 0) of a named crop. */
export interface CropHash {
  readonly crop: EnrolmentCropName;
  readonly hash: Hash256;
  readonly quality: number;
}

/**
 * The PDQ hashes of the {@link ENROLMENT_CROPS} of an image, those of enough quality to match.
 * Stored as derived entries of the image's own entry: a query's dihedral variants cover rotated
 * and mirrored crops, so one hash a crop is enough.
 */
export function computeEnrolmentCrops(image: PixelImage): CropHash[] {
  const crops: CropHash[] = [];
  for (const { name, fraction, anchor } of ENROLMENT_CROPS) {
    const region = centredRegion(image.width, image.height, fraction, anchor);
    if (region.w < 16 || region.h < 16) continue;
    const { hashes, quality } = computePdqDihedral(cropImage(image, region));
    if (quality >= PDQ_MIN_QUALITY) crops.push({ crop: name, hash: hashes[0], quality });
  }
  return crops;
}
