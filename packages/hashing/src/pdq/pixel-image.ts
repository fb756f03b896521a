import { InvalidImageError } from '../errors.js';

/**
 * Decoded pixels, row-major, `channels` bytes a pixel: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
 * This is what `ImageData` (browser) and sharp's raw output (Node) both give.
 */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Throws {@link InvalidImageError} unless the image's dimensions and buffer agree. */
export function assertPixelImage(image: PixelImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 0 || height < 0) {
    throw new InvalidImageError(
      `image dimensions must be whole numbers ≥ 0, got ${width}×${height}`,
    );
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new InvalidImageError(`image must have 1, 2, 3 or 4 channels, got ${String(channels)}`);
  }
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
    throw new InvalidImageError('image data must be a Uint8Array or Uint8ClampedArray');
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new InvalidImageError(
      `image data has ${data.length} bytes; ${width}×${height}×${channels} needs ${expected}`,
    );
  }
}
