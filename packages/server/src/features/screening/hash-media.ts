import { createHash } from 'node:crypto';
import { AppError } from '@haechi/core';
import {
  PDQ_MIN_QUALITY,
  VpdqHasher,
  computePdqWithRegions,
  type ContentRegionHashes,
  type Hash256,
  type PixelImage,
  type VpdqFeature,
} from '@haechi/hashing';
import {
  decodeAnimationFrames,
  decodeVideoFrames,
  sniffMediaKind,
  type ImageDecodeLimits,
  type VideoDecodeLimits,
} from '@haechi/media';
import type { ImageHasher } from './image-hasher.js';

export interface MediaLimits {
  readonly image: Partial<ImageDecodeLimits>;
  readonly video: Partial<VideoDecodeLimits>;
  readonly ffmpegPath?: string;
}

/** A frame of a video or animation as screening sampled it: when, and what it queries. */
export interface SampledFrame {
  readonly timestampSec: number;
  /** The whole frame's 8 dihedral hashes; empty when its quality is too low to match. */
  readonly dihedral: readonly Hash256[];
  readonly regions: readonly ContentRegionHashes[];
}

/** What screening knows about an upload once it is hashed. */
export type HashedMedia =
  | {
      readonly kind: 'image';
      readonly image: PixelImage;
      /** The 8 dihedral hashes; empty when quality is below PDQ's minimum (unreliable to match). */
      readonly dihedral: readonly Hash256[];
      readonly pdq: string;
      readonly quality: number;
      readonly regions: readonly ContentRegionHashes[];
      readonly md5: string;
      readonly sha256: string;
    }
  | {
      /** A video, or an animated GIF, WebP or PNG (screened frame by frame). */
      readonly kind: 'video';
      /** vPDQ: the sampled frames' hashes, near-duplicates of the frame before pruned. */
      readonly frames: readonly VpdqFeature[];
      /** Every sampled frame, for matching frames against image banks. */
      readonly sampled: readonly SampledFrame[];
      readonly images: readonly PixelImage[];
      readonly md5: string;
      readonly sha256: string;
    };

/**
 * Decodes and hashes an upload, deciding image or video from its bytes (never its name or declared
 * type, so a PNG named .jpg is an image and a zip named .mp4 is refused).
 */
export async function hashMedia(
  bytes: Uint8Array,
  limits: MediaLimits,
  images: ImageHasher,
): Promise<HashedMedia> {
  // node:crypto here (3–10× the pure-TS digests, which exist for browsers); same values.
  const md5 = createHash('md5').update(bytes).digest('hex');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0) throw new AppError('media_empty', 'the file is empty (0 bytes)');
  const kind = sniffMediaKind(bytes);
  if (kind === null) {
    throw new AppError(
      'media_unsupported_type',
      'not a supported image (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC) or video (MP4, MOV, WebM, MKV, AVI)',
    );
  }
  if (kind === 'video') {
    const video = await decodeVideoFrames(bytes, limits.video, limits.ffmpegPath);
    return { kind: 'video', ...hashFrames(video.frames), md5, sha256 };
  }
  // Decoded and hashed in a worker thread (image-hasher.ts): never on the event loop.
  const { dihedral, pdq, quality, regions, animated, ...image } = await images.hash(
    bytes,
    limits.image,
  );
  if (animated) {
    const animation = await decodeAnimationFrames(
      bytes,
      limits.image,
      limits.video,
      limits.ffmpegPath,
    );
    return { kind: 'video', ...hashFrames(animation.frames), md5, sha256 };
  }
  return { kind: 'image', image, dihedral, pdq, quality, regions, md5, sha256 };
}

/**
 * Each sampled frame's dihedral hashes and content regions, and the vPDQ features (the whole
 * frames' hashes, near-duplicates of the last kept frame pruned by vPDQ's own rule).
 */
function hashFrames(
  frames: ReadonlyArray<{ frameIndex: number; timestampSec: number; image: PixelImage }>,
): { frames: VpdqFeature[]; sampled: SampledFrame[]; images: PixelImage[] } {
  const vpdq = new VpdqHasher();
  const sampled: SampledFrame[] = [];
  for (const frame of frames) {
    const [whole, ...regions] = computePdqWithRegions(frame.image);
    // The frame's PDQ is already computed: vPDQ takes it as it is.
    vpdq.addFeature({
      frameIndex: frame.frameIndex,
      timestampSec: frame.timestampSec,
      hash: whole.hashes[0],
      quality: whole.quality,
    });
    sampled.push({
      timestampSec: frame.timestampSec,
      dihedral: whole.quality >= PDQ_MIN_QUALITY ? whole.hashes : [],
      regions,
    });
  }
  return { frames: [...vpdq.getFeatures()], sampled, images: frames.map((f) => f.image) };
}
