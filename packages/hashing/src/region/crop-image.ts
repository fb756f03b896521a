import { InvalidImageError } from '../errors.js';
import { assertPixelImage, type PixelImage } from '../pdq/pixel-image.js';

/** A rectangle of an image in its stored pixel order: left, top, width, height in pixels. */
export interface ImageRegion {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Throws unless the region is whole pixels, non-empty and inside the image. */
export function assertRegionInside(image: PixelImage, region: ImageRegion): void {
  const { x, y, w, h } = region;
  const whole = [x, y, w, h].every((v) => Number.isSafeInteger(v));
  if (!whole || x < 0 || y < 0 || w < 1 || h < 1 || x + w > image.width || y + h > image.height)
    throw new InvalidImageError(
      `region ${x},${y} ${w}×${h} is not inside the ${image.width}×${image.height} image`,
    );
}

/** A copy of the region's pixels, as an image of its own. */
export function cropImage(image: PixelImage, region: ImageRegion): PixelImage {
  assertPixelImage(image);
  assertRegionInside(image, region);
  const { channels, data, width } = image;
  const rowBytes = region.w * channels;
  const out = new Uint8Array(rowBytes * region.h);
  for (let row = 0; row < region.h; row++) {
    const from = ((region.y + row) * width + region.x) * channels;
    out.set(data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { width: region.w, height: region.h, channels, data: out };
}

/** The fraction `fraction` (0…1] of each side, centred, rounded to whole pixels. */
export function centredRegion(
  width: number,
  height: number,
  fraction: number,
  anchor: 'centre' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' = 'centre',
): ImageRegion {
  const w = Math.max(1, Math.round(width * fraction));
  const h = Math.max(1, Math.round(height * fraction));
  const spareX = width - w;
  const spareY = height - h;
  const x = anchor === 'centre' ? spareX >> 1 : anchor.endsWith('left') ? 0 : spareX;
  const y = anchor === 'centre' ? spareY >> 1 : anchor.startsWith('top') ? 0 : spareY;
  return { x, y, w, h };
}
