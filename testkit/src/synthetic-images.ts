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

/**
 * A smooth synthetic "photo": a few low-frequency waves and soft-edged discs placed by a seeded
 * generator. Unlike {@link syntheticImage} it has no detail finer than a few percent of its size,
 * so, like a real photo, its PDQ hash survives scaling and re-encoding; distinct seeds give
 * unrelated pictures. Used where ../shared/testdata photos are absent.
 */
export function syntheticPhoto(width: number, height: number, seed: number): PixelImage {
  let state = seed * 2654435761;
  const next = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const waves = Array.from({ length: 4 }, () => ({
    fx: 1 + Math.floor(next() * 3),
    fy: 1 + Math.floor(next() * 3),
    phase: next() * Math.PI * 2,
    channel: [next(), next(), next()],
  }));
  const discs = Array.from({ length: 3 }, () => ({
    x: next(),
    y: next(),
    r: 0.1 + next() * 0.2,
    colour: [next() * 255, next() * 255, next() * 255],
  }));
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const rgb = [0, 0, 0].map((_, c) => {
        let value = 128;
        for (const w of waves)
          value += 40 * w.channel[c] * Math.sin(2 * Math.PI * (w.fx * u + w.fy * v) + w.phase);
        return value;
      });
      for (const d of discs) {
        const distance = Math.hypot(u - d.x, (v - d.y) * (height / width));
        const inside = Math.min(1, Math.max(0, (d.r - distance) * 40));
        for (let c = 0; c < 3; c++) rgb[c] = rgb[c] * (1 - inside) + d.colour[c] * inside;
      }
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) data[p + c] = Math.max(0, Math.min(255, Math.round(rgb[c])));
    }
  }
  return { width, height, channels: 3, data };
}
