import type { Hash256 } from '../pdq/hash256.js';
import { computePdqDihedral } from '../pdq/pdq-hasher.js';
import type { PixelImage } from '../pdq/pixel-image.js';
import { PDQ_MIN_QUALITY } from '../pdq/thresholds.js';
import { cropForPdq, cropRegion, type CropGeometry, type ImageRegion } from './crop-image.js';
import { findContentRegions, type ContentRegionOptions } from './content-regions.js';

/** The 8 dihedral PDQ hashes of one region of an image (`region` null: the whole image). */
export interface RegionHashes {
  readonly region: ImageRegion | null;
  readonly hashes: readonly Hash256[];
  readonly quality: number;
}

/** The hashes of a content region found in an image. */
export type ContentRegionHashes = RegionHashes & { readonly region: ImageRegion };

/**
 * What screening queries for one image: the dihedral hashes of the whole image, then of each
 * content region ({@link findContentRegions}) whose quality is enough to match. The whole image
 * comes first even when its quality is low (the caller decides whether to match it).
 */
export function computePdqWithRegions(
  image: PixelImage,
  options: ContentRegionOptions = {},
): [RegionHashes & { readonly region: null }, ...ContentRegionHashes[]] {
  const whole = computePdqDihedral(image);
  const found: [RegionHashes & { region: null }, ...ContentRegionHashes[]] = [
    { region: null, hashes: whole.hashes, quality: whole.quality },
  ];
  for (const region of findContentRegions(image, options)) {
    const { hashes, quality } = computePdqDihedral(cropForPdq(image, region));
    if (quality >= PDQ_MIN_QUALITY) found.push({ region, hashes, quality });
  }
  return found;
}

/**
 * The crops enrolled beside an image's own hash, so a re-post cut down from it still matches: the
 * centred 90 % and 80 % (a trimmed frame, a zoomed screenshot), and 90 % of one side with the whole
 * of the other (a strip cut off one edge: a caption, a watermark). PDQ forgives a crop only within
 * about ±2 % of scale and ±1 % of shift, so each crop covers only copies cut close to it; chosen
 * over the four 85 % corners, which no common cut comes close to, by `npm run eval:crop-sets`
 * (README, "Altered copies"): same bank size, and no false match on any set measured.
 */
export const ENROLMENT_CROPS = [
  { name: 'centre-90', w: 0.9, h: 0.9, x: 0.5, y: 0.5 },
  { name: 'centre-80', w: 0.8, h: 0.8, x: 0.5, y: 0.5 },
  { name: 'left-90', w: 0.9, h: 1, x: 0, y: 0.5 },
  { name: 'right-90', w: 0.9, h: 1, x: 1, y: 0.5 },
  { name: 'top-90', w: 1, h: 0.9, x: 0.5, y: 0 },
  { name: 'bottom-90', w: 1, h: 0.9, x: 0.5, y: 1 },
] as const satisfies ReadonlyArray<CropGeometry & { name: string }>;

export type EnrolmentCropName = (typeof ENROLMENT_CROPS)[number]['name'];

/** One derived hash: the PDQ (as stored, variant 0) of a named crop. */
export interface CropHash {
  /** The crop's name: one of {@link ENROLMENT_CROPS} unless other crops were asked for. */
  readonly crop: string;
  readonly hash: Hash256;
  readonly quality: number;
}

/**
 * The PDQ hashes of the {@link ENROLMENT_CROPS} of an image, those of enough quality to match.
 * Stored as derived entries of the image's own entry: a query's dihedral variants cover rotated
 * and mirrored crops, so one hash a crop is enough.
 */
export function computeEnrolmentCrops(
  image: PixelImage,
  crops: ReadonlyArray<CropGeometry & { readonly name: string }> = ENROLMENT_CROPS,
): CropHash[] {
  const hashes: CropHash[] = [];
  for (const crop of crops) {
    const region = cropRegion(image.width, image.height, crop);
    if (region.w < 16 || region.h < 16) continue;
    const { hashes: computed, quality } = computePdqDihedral(cropForPdq(image, region));
    if (quality >= PDQ_MIN_QUALITY) hashes.push({ crop: crop.name, hash: computed[0], quality });
  }
  return hashes;
}
