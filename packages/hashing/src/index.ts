/**
 * @haechi/hashing: the perceptual and cryptographic hashes Haechi exchanges with other systems.
 * Pure TypeScript with no runtime dependencies and no I/O: the same code hashes images on the
 * server and in a victim's browser, so her images never have to leave her device.
 */
export { InvalidHashError, InvalidImageError, type InvalidHashCode } from './errors.js';
export { bytesToHex, hexToBytes } from './hex.js';
export {
  HASH256_BITS,
  HASH256_BYTES,
  HASH256_HEX_LENGTH,
  assertHash256,
  formatHash256,
  getBit,
  hammingDistance,
  parseHash256,
  type Hash256,
} from './pdq/hash256.js';
export {
  PDQ_MATCH_RADIUS,
  PDQ_MAX_QUALITY,
  PDQ_MIN_QUALITY,
  isPdqMatch,
  isReliableQuality,
} from './pdq/thresholds.js';
export { assertPixelImage, type PixelImage } from './pdq/pixel-image.js';
export {
  computePdq,
  computePdqDihedral,
  type PdqDihedralResult,
  type PdqResult,
} from './pdq/pdq-hasher.js';
export {
  DIHEDRAL_VARIANTS,
  approximateDihedralHashes,
  type DihedralVariant,
} from './pdq/dihedral.js';
export {
  VPDQ_DEFAULT_PRUNE_DISTANCE,
  VpdqHasher,
  computeVpdq,
  type VideoFrame,
  type VpdqFeature,
  type VpdqHashOptions,
} from './vpdq/vpdq-hasher.js';
export {
  VPDQ_CANDIDATE_MATCH_PERCENT,
  VPDQ_QUERY_MATCH_PERCENT,
  matchVpdq,
  type VpdqFramePair,
  type VpdqMatchOptions,
  type VpdqMatchResult,
} from './vpdq/vpdq-match.js';
export { Md5, md5Hex } from './digest/md5.js';
export { Sha256, sha256Hex } from './digest/sha256.js';
export {
  PdqIndex,
  type IndexMatch,
  type IndexQueryStats,
  type PdqIndexOptions,
  type PdqIndexState,
} from './index/pdq-index.js';
export { ExactDigestIndex, type ExactDigestIndexState } from './index/exact-digest-index.js';
export { queryDihedral, type DihedralMatch } from './index/dihedral-query.js';
export { VpdqIndex, type VpdqIndexMatch } from './index/vpdq-index.js';
export {
  assertRegionInside,
  cropForPdq,
  cropImage,
  cropRegion,
  type CropGeometry,
  type ImageRegion,
} from './region/crop-image.js';
export { findContentRegions, type ContentRegionOptions } from './region/content-regions.js';
export {
  ENROLMENT_CROPS,
  computeEnrolmentCrops,
  computePdqWithRegions,
  type ContentRegionHashes,
  type CropHash,
  type EnrolmentCropName,
  type RegionHashes,
} from './region/region-hashes.js';
