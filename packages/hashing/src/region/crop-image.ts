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

/**
 * Where a crop lies, as fractions: it keeps `w` of the width and `h` of the height (0…1], and its
 * spare room is split by `x` and `y` (0: at the left or top edge, 0.5: centred, 1: right or bottom).
 */
export interface CropGeometry {
  readonly w: number;
  readonly h: number;
  readonly x: number;
  readonly y: number;
}

/** The pixels of a crop of a `width`×`height` image, rounded to whole pixels. */
export function cropRegion(width: number, height: number, crop: CropGeometry): ImageRegion {
  const w = Math.max(1, Math.round(width * crop.w));
  const h = Math.max(1, Math.round(height * crop.h));
  return { x: Math.round((width - w) * crop.x), y: Math.round((height - h) * crop.y), w, h };
}

/** The side PDQ samples a larger image down to (its reference's pre-resize). */
const PDQ_SIDE = 512;

/**
 * The region as PDQ will see it: its pixels when both sides are at most 512, otherwise the
 * 512×512 nearest-neighbour sample PDQ would take of the cropped copy (the same pixels, so the
 * same hash), without copying a region of an image at the pixel limit whole.
 */
export function cropForPdq(image: PixelImage, region: ImageRegion): PixelImage {
  if (region.w <= PDQ_SIDE && region.h <= PDQ_SIDE) return cropImage(image, region);
  assertPixelImage(image);
  assertRegionInside(image, region);
  const { channels, data, width } = image;
  const out = new Uint8Array(PDQ_SIDE * PDQ_SIDE * channels);
  for (let y = 0; y < PDQ_SIDE; y++) {
    const sourceRow = region.y + Math.floor((y * region.h) / PDQ_SIDE);
    for (let x = 0; x < PDQ_SIDE; x++) {
      const from =
        (sourceRow * width + region.x + Math.floor((x * region.w) / PDQ_SIDE)) * channels;
      out.set(data.subarray(from, from + channels), (y * PDQ_SIDE + x) * channels);
    }
  }
  return { width: PDQ_SIDE, height: PDQ_SIDE, channels, data: out };
}
