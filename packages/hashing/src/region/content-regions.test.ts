import { describe, expect, it } from 'vitest';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import { InvalidImageError } from '../errors.js';
import { hammingDistance } from '../pdq/hash256.js';
import { computePdq } from '../pdq/pdq-hasher.js';
import type { PixelImage } from '../pdq/pixel-image.js';
import { cropForPdq, cropImage, cropRegion } from './crop-image.js';
import { findContentRegions } from './content-regions.js';
import { ENROLMENT_CROPS, computeEnrolmentCrops, computePdqWithRegions } from './region-hashes.js';

/** A flat RGB canvas. */
function canvas(width: number, height: number, rgb: [number, number, number]): PixelImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, channels: 3, data };
}

/** Draws `image` onto `target` at (x, y). */
function paste(target: PixelImage, image: PixelImage, x: number, y: number): PixelImage {
  const data = new Uint8Array(target.data);
  for (let row = 0; row < image.height; row++)
    data.set(
      image.data.subarray(row * image.width * 3, (row + 1) * image.width * 3),
      ((y + row) * target.width + x) * 3,
    );
  return { ...target, data };
}

/** A line of "text": short dark strokes on the canvas, like glyphs. */
function text(target: PixelImage, x: number, y: number, length: number): PixelImage {
  let out = target;
  for (let i = 0; i < length; i += 14) out = paste(out, canvas(8, 18, [30, 30, 30]), x + i, y);
  return out;
}

const photo = syntheticPhoto(400, 300, 7);

describe('findContentRegions', () => {
  it('finds nothing to cut in a picture that fills its frame, or in a flat image', () => {
    expect(findContentRegions(photo)).toEqual([]);
    expect(findContentRegions(canvas(200, 100, [255, 255, 255]))).toEqual([]);
  });

  it('trims a uniform border exactly, and the picture inside hashes as the original', () => {
    const framed = paste(canvas(440, 340, [223, 223, 223]), photo, 20, 20);
    const [region] = findContentRegions(framed);
    expect(region).toEqual({ x: 20, y: 20, w: 400, h: 300 });
    expect(
      hammingDistance(computePdq(cropImage(framed, region)).hash, computePdq(photo).hash),
    ).toBe(0);
    expect(hammingDistance(computePdq(framed).hash, computePdq(photo).hash)).toBeGreaterThan(31);
  });

  it('cuts black bars off a large letterboxed frame (sampled on a grid, refined to the pixel)', () => {
    const wide = paste(canvas(1280, 720, [16, 16, 16]), photo, 439, 210);
    expect(findContentRegions(wide)[0]).toEqual({ x: 439, y: 210, w: 400, h: 300 });
  });

  it('finds a picture among the flat areas, bars and text lines of a screenshot', () => {
    let shot = canvas(720, 1480, [236, 229, 221]);
    shot = paste(shot, canvas(720, 56, [7, 94, 84]), 0, 0);
    shot = text(shot, 12, 20, 80);
    shot = text(shot, 30, 200, 300);
    shot = text(shot, 30, 240, 260);
    shot = paste(shot, canvas(416, 316, [220, 248, 198]), 280, 320);
    shot = paste(shot, photo, 288, 328);
    shot = text(shot, 30, 700, 200);
    const regions = findContentRegions(shot);
    expect(regions).toContainEqual({ x: 288, y: 328, w: 400, h: 300 });
    const hashes = computePdqWithRegions(shot);
    expect(hashes[0].region).toBeNull();
    const distances = hashes.map((h) => hammingDistance(h.hashes[0], computePdq(photo).hash));
    expect(Math.min(...distances)).toBe(0);
  });

  it("hashes a large region from PDQ's own 512×512 sample, bit for bit, without copying it whole", () => {
    const big = syntheticPhoto(900, 700, 3);
    const region = { x: 37, y: 21, w: 800, h: 600 };
    const sampled = cropForPdq(big, region);
    expect([sampled.width, sampled.height]).toEqual([512, 512]);
    expect(computePdq(sampled)).toEqual(computePdq(cropImage(big, region)));
    // At most 512 a side, it is the crop itself.
    expect(cropForPdq(photo, { x: 10, y: 10, w: 300, h: 200 })).toEqual(
      cropImage(photo, { x: 10, y: 10, w: 300, h: 200 }),
    );
  });

  it('finds nothing in an image crafted into thousands of tiny blocks, and refines none of them', () => {
    // A flat canvas with a dot every 12 px: thousands of blocks, each far below the size of a region.
    let dots = canvas(1200, 1200, [255, 255, 255]);
    const data = new Uint8Array(dots.data);
    for (let y = 3; y < 1200; y += 12)
      for (let x = 3; x < 1200; x += 12) data.set([0, 0, 0], (y * 1200 + x) * 3);
    dots = { ...dots, data };
    expect(findContentRegions(dots)).toEqual([]);
  });

  it('refuses a region outside the image when cropping', () => {
    expect(() => cropImage(photo, { x: 390, y: 0, w: 20, h: 10 })).toThrow(InvalidImageError);
    expect(() => cropImage(photo, { x: 390, y: 0, w: 20, h: 10 })).toThrow(
      'region 390,0 20×10 is not inside the 400×300 image',
    );
  });
});

describe('enrolment crops', () => {
  it('are the centred 90 % and 80 % and 90 % of each side, each the PDQ of that crop', () => {
    expect(ENROLMENT_CROPS.map((c) => [c.name, cropRegion(400, 300, c)])).toEqual([
      ['centre-90', { x: 20, y: 15, w: 360, h: 270 }],
      ['centre-80', { x: 40, y: 30, w: 320, h: 240 }],
      ['left-90', { x: 0, y: 0, w: 360, h: 300 }],
      ['right-90', { x: 40, y: 0, w: 360, h: 300 }],
      ['top-90', { x: 0, y: 0, w: 400, h: 270 }],
      ['bottom-90', { x: 0, y: 30, w: 400, h: 270 }],
    ]);
    const crops = computeEnrolmentCrops(photo);
    expect(crops.map((c) => c.crop)).toEqual(ENROLMENT_CROPS.map((c) => c.name));
    const centre80 = computePdq(cropImage(photo, cropRegion(400, 300, ENROLMENT_CROPS[1]))).hash;
    expect(crops[1].hash).toEqual(centre80);
  });

  it('match a centred crop of the picture that the whole picture does not', () => {
    const cut = cropImage(photo, cropRegion(400, 300, ENROLMENT_CROPS[0]));
    const cutHash = computePdq(cut).hash;
    const [centre90] = computeEnrolmentCrops(photo);
    expect(hammingDistance(cutHash, centre90.hash)).toBe(0);
  });
});
