import { createHash } from 'node:crypto';
import { AppError } from '@haechi/core';
import { computeVpdq, type Hash256, type PixelImage, type VpdqFeature } from '@haechi/hashing';
import {
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

/** What screening knows about an upload once it is hashed. */
export type HashedMedia =
  | {
      readonly kind: 'image';
      readonly image: PixelImage;
      /** The 8 dihedral hashes; empty when quality is below PDQ's minimum (unreliable to match). */
      readonly dihedral: readonly Hash256[];
      readonly pdq: string;
      readonly quality: number;
      readonly md5: string;
      readonly sha256: string;
    }
  | {
      readonly kind: 'video';
      readonly frames: readonly VpdqFeature[];
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
    const frames = computeVpdq(video.frames);
    return { kind: 'video', frames, images: video.frames.map((f) => f.image), md5, sha256 };
  }
  // Decoded and hashed in a worker thread (image-hasher.ts): never on the event loop.
  const { dihedral, pdq, quality, ...image } = await images.hash(bytes, limits.image);
  return { kind: 'image', image, dihedral, pdq, quality, md5, sha256 };
}
