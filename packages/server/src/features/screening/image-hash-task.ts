import { AppError, isAppError } from '@haechi/core';
import sharp from 'sharp';
import {
  PDQ_MIN_QUALITY,
  computePdqWithRegions,
  formatHash256,
  type ContentRegionHashes,
  type PixelImage,
} from '@haechi/hashing';
import { decodeImage, isAnimatedPng, type ImageDecodeLimits } from '@haechi/media';

/** The longest side of the copy detectors see (the face model's 1600, with room to spare). */
export const DETECTOR_MAX_SIDE = 2048;

/** An image decoded and PDQ-hashed (its pixels come back transferred, not copied). */
export interface HashedImage extends PixelImage {
  readonly dihedral: Uint8Array[];
  readonly pdq: string;
  readonly quality: number;
  /** Its content regions (a picture inside borders or a screenshot), each hashed. */
  readonly regions: readonly ContentRegionHashes[];
  /** An animated GIF, WebP or PNG: its frames are decoded and screened as a video's are. */
  readonly animated: boolean;
}

export type ImageHashReply =
  | { readonly ok: true; readonly image: HashedImage }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    };

/**
 * Decodes an image and computes its 8 dihedral PDQ hashes, and those of its content regions: the
 * work an upload costs before its detectors, done in a worker thread so an image at the pixel limit never holds the event loop.
 * Refusals come back as data (a worker cannot throw an AppError across threads).
 */
export async function hashImageTask(input: {
  bytes: Uint8Array;
  limits: Partial<ImageDecodeLimits>;
}): Promise<ImageHashReply> {
  try {
    const image = await decodeImage(input.bytes, input.limits);
    const [{ hashes, quality }, ...regions] = computePdqWithRegions(image);
    // The detectors get a copy at most DETECTOR_MAX_SIDE a side (they all look at less), in a
    // buffer of this thread's own so it is handed over whole: an image at the pixel limit never
    // crosses to the event loop's thread at full size.
    const bounded = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: image.channels },
    })
      .resize(DETECTOR_MAX_SIDE, DETECTOR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const data = new Uint8Array(bounded.data);
    return {
      ok: true,
      image: {
        data,
        width: bounded.info.width,
        height: bounded.info.height,
        channels: bounded.info.channels,
        dihedral: quality >= PDQ_MIN_QUALITY ? hashes.map((h) => new Uint8Array(h)) : [],
        pdq: formatHash256(hashes[0]),
        quality,
        regions,
        animated:
          (image.frameCount > 1 && (image.format === 'gif' || image.format === 'webp')) ||
          isAnimatedPng(input.bytes),
      },
    };
  } catch (error) {
    if (isAppError(error))
      return {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      };
    return { ok: false, code: 'media_corrupt', message: (error as Error).message };
  }
}

/** Turns a refusal that crossed from a worker back into the error it was. */
export function replyError(reply: {
  code: string;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}): AppError {
  return new AppError(
    reply.code as ConstructorParameters<typeof AppError>[0],
    reply.message,
    reply.details ? { details: reply.details } : undefined,
  );
}
