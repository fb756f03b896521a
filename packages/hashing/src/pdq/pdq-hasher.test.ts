import { describe, expect, it } from 'vitest';
import { syntheticImage, transformImage } from '@haechi/testkit/synthetic-images';
import { InvalidImageError } from '../errors.js';
import { formatHash256, hammingDistance } from './hash256.js';
import { computePdq, computePdqDihedral } from './pdq-hasher.js';
import type { PixelImage } from './pixel-image.js';

const ZERO_HEX = '0'.repeat(64);

function withAlpha(image: PixelImage, alpha: (i: number) => number): PixelImage {
  const n = image.width * image.height;
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    data.set(image.data.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = alpha(i);
  }
  return { ...image, channels: 4, data };
}

describe('computePdq', () => {
  it('gives the all-zero hash and quality 0 below 5 rows or columns', () => {
    for (const [w, h] of [
      [4, 100],
      [100, 4],
      [0, 0],
    ] as const) {
      const result = computePdq(syntheticImage(w, h));
      expect(formatHash256(result.hash)).toBe(ZERO_HEX);
      expect(result.quality).toBe(0);
    }
  });

  it('gives quality 0 for a flat image', () => {
    const flat: PixelImage = {
      width: 50,
      height: 50,
      channels: 1,
      data: new Uint8Array(2500).fill(90),
    };
    expect(computePdq(flat).quality).toBe(0);
  });

  it('gives a detailed picture full quality and half its bits set', () => {
    const { hash, quality } = computePdq(syntheticImage(300, 200));
    expect(quality).toBe(100);
    const ones = Array.from(hash).reduce((n, b) => n + b.toString(2).replaceAll('0', '').length, 0);
    expect(ones).toBe(128);
  });

  it('ignores alpha entirely', () => {
    const rgb = syntheticImage(120, 80);
    const rgba = withAlpha(rgb, (i) => (i * 7) & 255);
    expect(formatHash256(computePdq(rgba).hash)).toBe(formatHash256(computePdq(rgb).hash));
  });

  it('treats grey + alpha like grey', () => {
    const grey = {
      width: 40,
      height: 30,
      channels: 1 as const,
      data: Uint8Array.from({ length: 1200 }, (_, i) => (i * 13) % 251),
    };
    const greyAlpha = { ...grey, channels: 2 as const, data: new Uint8Array(2400) };
    grey.data.forEach((v, i) => {
      greyAlpha.data[2 * i] = v;
      greyAlpha.data[2 * i + 1] = 255 - v;
    });
    expect(computePdq(greyAlpha)).toEqual(computePdq(grey));
  });

  it('samples images above 512 px down to 512×512 by nearest neighbour', () => {
    // Doubling every pixel of a 512×512 image, then sampling x·1024/512 = 2x, gives the original back.
    const small = syntheticImage(512, 512, 2);
    const data = new Uint8Array(1024 * 1024 * 3);
    for (let y = 0; y < 1024; y++) {
      for (let x = 0; x < 1024; x++) {
        const from = ((y >> 1) * 512 + (x >> 1)) * 3;
        data.set(small.data.subarray(from, from + 3), (y * 1024 + x) * 3);
      }
    }
    const doubled: PixelImage = { width: 1024, height: 1024, channels: 3, data };
    expect(computePdq(doubled)).toEqual(computePdq(small));
  });

  it('rejects a buffer that does not fit its dimensions', () => {
    const bad: PixelImage = { width: 10, height: 10, channels: 3, data: new Uint8Array(299) };
    expect(() => computePdq(bad)).toThrow(
      new InvalidImageError('image data has 299 bytes; 10×10×3 needs 300'),
    );
    expect(() => computePdq({ ...bad, channels: 5 as 3 })).toThrow(
      'image must have 1, 2, 3 or 4 channels, got 5',
    );
    expect(() => computePdq({ ...bad, width: -1 })).toThrow(
      'image dimensions must be whole numbers',
    );
  });
});

describe('computePdqDihedral', () => {
  // 300 px gives an odd box window (3), so the filter is symmetric and turning the image turns the
  // filtered buffer exactly: each variant must then equal the hash of the turned pixels bit for bit.
  // (An even window shifts the blur by half a pixel, and real turned copies land a few bits away.)
  const image = syntheticImage(300, 300, 3);
  const { hashes, quality } = computePdqDihedral(image);

  it('has the plain hash as variant 0 and the same quality', () => {
    const plain = computePdq(image);
    expect(formatHash256(hashes[0])).toBe(formatHash256(plain.hash));
    expect(quality).toBe(plain.quality);
    expect(hashes).toHaveLength(8);
  });

  type Map = (x: number, y: number, w: number, h: number) => [number, number];
  const transforms: Array<[number, string, Map, boolean]> = [
    [1, 'rotating 90° counter-clockwise', (x, y, _w, h) => [h - 1 - y, x], true],
    [2, 'rotating 180°', (x, y, w, h) => [w - 1 - x, h - 1 - y], false],
    [3, 'rotating 90° clockwise', (x, y, w) => [y, w - 1 - x], true],
    [4, 'mirroring top to bottom', (x, y, _w, h) => [x, h - 1 - y], false],
    [5, 'mirroring left to right', (x, y, w) => [w - 1 - x, y], false],
    [6, 'transposing', (x, y) => [y, x], true],
    [7, 'anti-transposing', (x, y, w, h) => [h - 1 - y, w - 1 - x], true],
  ];
  for (const [variant, name, map, swap] of transforms) {
    it(`variant ${variant} is the hash of the image after ${name}`, () => {
      const turned = computePdq(transformImage(image, map, swap)).hash;
      const distances = hashes.map((h) => hammingDistance(h, turned));
      expect(distances[variant]).toBe(0);
      for (const [i, d] of distances.entries()) if (i !== variant) expect(d).toBeGreaterThan(64);
    });
  }

  it('gives eight zero hashes for a tiny image', () => {
    const tiny = computePdqDihedral(syntheticImage(3, 3));
    expect(tiny.hashes.map(formatHash256)).toEqual(Array(8).fill(ZERO_HEX));
  });
});
