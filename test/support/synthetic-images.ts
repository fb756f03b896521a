import type { PixelImage } from '@haechi/hashing';

/**
 * A deterministic, non-trivial RGB test picture: overlapping gradients, rings and blocks, so PDQ has
 * structure at every frequency it keeps. Purely synthetic.
 */
export function syntheticImage(width: number, height: number, seed = 1): PixelImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const ring = Math.sin(((u - 0.3 * seed) ** 2 + (v - 0.6) ** 2) * 40 * seed) * 0.5 + 0.5;
      const block = (Math.floor(u * (3 + seed)) + Math.floor(v * 5)) % 2;
      const p = (y * width + x) * 3;
      data[p] = Math.round(255 * (0.6 * u + 0.4 * ring));
      data[p + 1] = Math.round(255 * (0.5 * v + 0.3 * block + 0.2 * ring));
      data[p + 2] = Math.round(255 * (0.7 * ring + 0.3 * (1 - u)));
    }
  }
  return { width, height, channels: 3, data };
}

/** Applies one of the eight square symmetries to pixels, for checking the dihedral hashes. */
export function transformImage(
  image: PixelImage,
  map: (x: number, y: number, w: number, h: number) => [number, number],
  swapSides: boolean,
): PixelImage {
  const { width, height, channels } = image;
  const outW = swapSides ? height : width;
  const outH = swapSides ? width : height;
  const data = new Uint8Array(outW * outH * channels);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = map(x, y, outW, outH);
      data.set(
        image.data.subarray((sy * width + sx) * channels, (sy * width + sx + 1) * channels),
        (y * outW + x) * channels,
      );
    }
  }
  return { width: outW, height: outH, channels, data };
}
