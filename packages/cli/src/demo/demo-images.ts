import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** A generated file and how it relates to the "known" image the demo pretends is in a hash bank. */
export interface DemoImage {
  readonly path: string;
  readonly description: string;
  /**
   * Whether PDQ is expected to match it to the known image. Crops are copies that PDQ misses: the
   * demo says so rather than hide it (other signals, not the hash, have to catch those).
   */
  readonly expectMatch: boolean;
}

/** Deterministic landscape-like scene (sky, sun, hills) in SVG: benign, and rich enough for PDQ. */
function sceneSvg(seed: number, width = 640, height = 480): string {
  const hue = (seed * 67) % 360;
  const hills = Array.from({ length: 4 }, (_, i) => {
    const y = height * (0.55 + i * 0.1);
    const peak = ((seed * 131 + i * 97) % 400) + 60;
    return `<path d="M0 ${y} Q ${peak} ${y - 140 + i * 25} ${width} ${y + 20} L ${width} ${height} L 0 ${height} Z" fill="hsl(${(hue + 90 + i * 20) % 360},45%,${30 + i * 8}%)"/>`;
  }).join('');
  // Trees scattered over the hills give the scene the fine detail of a real photo (PDQ quality).
  let state = seed * 7919;
  const next = (n: number): number => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
  const trees = Array.from({ length: 70 }, () => {
    const x = next(width);
    const y = height * 0.5 + next(Math.floor(height * 0.5));
    const size = 6 + next(14);
    return `<path d="M${x} ${y - size * 2} L${x - size} ${y} L${x + size} ${y} Z" fill="hsl(${(hue + 120 + next(60)) % 360},50%,${15 + next(30)}%)"/>`;
  }).join('');
  const sunX = 80 + ((seed * 211) % (width - 160));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,35%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},80%,80%)"/>
    </linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#sky)"/>
    <circle cx="${sunX}" cy="${110 + (seed % 3) * 20}" r="${45 + (seed % 4) * 8}" fill="hsl(${(hue + 180) % 360},90%,70%)"/>
    ${hills}${trees}
    <rect x="${(seed * 53) % 500}" y="${300 + (seed % 5) * 10}" width="90" height="70" fill="hsl(${(hue + 200) % 360},30%,25%)"/>
  </svg>`;
}

/** One benign synthetic scene as a JPEG: each seed a different picture. */
export async function sceneJpeg(seed: number): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(sceneSvg(seed)))
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
}

const caption = (width: number): Buffer =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="60"><rect width="${width}" height="60" fill="black" opacity="0.6"/><text x="20" y="40" font-size="28" fill="white" font-family="sans-serif">reposted</text></svg>`,
  );

/** Writes the demo set under `dir`: one known scene, eight altered copies of it, two unrelated scenes. */
export async function generateDemoImages(dir: string): Promise<DemoImage[]> {
  await mkdir(dir, { recursive: true });
  const known = await sharp(Buffer.from(sceneSvg(1)))
    .jpeg({ quality: 92 })
    .toBuffer();
  const base = () => sharp(known);
  const files: Array<[string, string, boolean, () => Promise<Buffer>]> = [
    ['known.jpg', 'the known image (as it sits in the hash bank)', true, async () => known],
    ['copy-resized.jpg', 'resized to 50 %', true, () => base().resize(320).jpeg().toBuffer()],
    [
      'copy-recompressed.jpg',
      're-saved at JPEG quality 35',
      true,
      () => base().jpeg({ quality: 35 }).toBuffer(),
    ],
    ['copy-as-png.png', 'converted to PNG', true, () => base().png().toBuffer()],
    ['copy-greyscale.jpg', 'turned greyscale', true, () => base().greyscale().jpeg().toBuffer()],
    [
      'copy-captioned.jpg',
      'with a caption bar over it',
      true,
      () =>
        base()
          .composite([{ input: caption(640), top: 410, left: 0 }])
          .jpeg()
          .toBuffer(),
    ],
    [
      'copy-cropped.jpg',
      'cut 4 % per edge (PDQ misses crops)',
      false,
      () => base().extract({ left: 26, top: 19, width: 588, height: 442 }).jpeg().toBuffer(),
    ],
    ['copy-mirrored.jpg', 'mirrored left to right', true, () => base().flop().jpeg().toBuffer()],
    ['copy-rotated.jpg', 'rotated 90°', true, () => base().rotate(90).jpeg().toBuffer()],
    [
      'other-scene-a.jpg',
      'an unrelated image',
      false,
      () =>
        sharp(Buffer.from(sceneSvg(2)))
          .jpeg()
          .toBuffer(),
    ],
    [
      'other-scene-b.jpg',
      'another unrelated image',
      false,
      () =>
        sharp(Buffer.from(sceneSvg(5)))
          .jpeg()
          .toBuffer(),
    ],
  ];
  const images: DemoImage[] = [];
  for (const [name, description, expectMatch, make] of files) {
    const path = join(dir, name);
    await writeFile(path, await make());
    images.push({ path, description, expectMatch });
  }
  return images;
}
