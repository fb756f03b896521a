import { assertPixelImage, type PixelImage } from '../pdq/pixel-image.js';
import type { ImageRegion } from './crop-image.js';

/**
 * Finding the pixels that hold the picture, so a re-post with a border, black bars or a phone's
 * chat around it can be hashed as the picture itself. PDQ looks at the whole frame: a 20 px border
 * or a screenshot's status bar moves every bit, while the same picture cut back out is a few bits
 * from the original.
 *
 * Method: a recursive XY cut over flat lines. A line (a row or column span) is flat when almost all
 * of its pixels are within a small tolerance of its median colour: a border, a letterbox bar, a
 * chat's background between bubbles. Flat lines at a box's edges are trimmed; a run of flat lines
 * inside it splits it in two; the boxes left are the content blocks. Text lines and bars come out
 * as thin blocks and are dropped; the picture comes out as a large block. It works on a sampled
 * grid (at most {@link SAMPLE_SIDE} a side) and then refines each edge at full resolution.
 */

/** Tunables, documented with the defaults chosen on benign photos and their made variants. */
export interface ContentRegionOptions {
  /** At most this many distinct pictures (default 2), each with its polished outline when it differs. */
  readonly maxRegions?: number;
  /** Per-channel distance from the line's median colour still counted as flat (default 4). */
  readonly tolerance?: number;
  /** Fraction of a line's pixels that may differ and the line still be flat (default 0.08). */
  readonly outliers?: number;
  /** A region covers at least this fraction of the image (default 0.04). */
  readonly minAreaFraction?: number;
}

const SAMPLE_SIDE = 480;
const MIN_SIDE_PX = 32;
const MAX_ASPECT = 4;
/** Flat lines inside a box split it only when this many grid lines in a row are flat. */
const MIN_GAP_LINES = 2;
const MAX_DEPTH = 6;
/** Blocks refined at full resolution at most (the largest first); a region is ≥ 4 % anyway. */
const MAX_CANDIDATES = 32;
/** A region that covers nearly the whole image adds nothing to hashing the whole image. */
const WHOLE_IMAGE_FRACTION = 0.97;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels read line by line: a row's pixels are `pixelBytes` apart, a column's a row apart. */
interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Bytes a pixel. */
  readonly pixelBytes: number;
  /** Colour channels compared: 3 for RGB(A), 1 for grey. */
  readonly colours: 1 | 3;
}

const histogram = new Int32Array(3 * 256);

/**
 * Whether `count` pixels from byte `offset`, `stride` bytes apart, are flat: at most `outliers` of
 * them more than `tolerance` from the per-channel median.
 */
function isFlatLine(
  raster: Raster,
  offset: number,
  stride: number,
  count: number,
  tolerance: number,
  outliers: number,
): boolean {
  if (count <= 0) return true;
  const { data, colours } = raster;
  histogram.fill(0, 0, colours * 256);
  for (let i = 0, p = offset; i < count; i++, p += stride)
    for (let c = 0; c < colours; c++) histogram[c * 256 + data[p + c]]++;
  const median = [0, 0, 0];
  const half = count >> 1;
  for (let c = 0; c < colours; c++) {
    let seen = 0;
    let v = 0;
    while (v < 255 && seen + histogram[c * 256 + v] <= half) seen += histogram[c * 256 + v++];
    median[c] = v;
  }
  const allowed = Math.floor(count * outliers);
  let differing = 0;
  for (let i = 0, p = offset; i < count; i++, p += stride) {
    for (let c = 0; c < colours; c++) {
      if (Math.abs(data[p + c] - median[c]) > tolerance) {
        if (++differing > allowed) return false;
        break;
      }
    }
  }
  return true;
}

function rowFlat(r: Raster, y: number, x0: number, x1: number, tol: number, out: number): boolean {
  return isFlatLine(r, (y * r.width + x0) * r.pixelBytes, r.pixelBytes, x1 - x0, tol, out);
}

function colFlat(r: Raster, x: number, y0: number, y1: number, tol: number, out: number): boolean {
  return isFlatLine(
    r,
    (y0 * r.width + x) * r.pixelBytes,
    r.width * r.pixelBytes,
    y1 - y0,
    tol,
    out,
  );
}

/** Every `step`-th pixel of every `step`-th row, as RGB (grey repeated), so lines are cheap. */
function sampleGrid(image: PixelImage, step: number): Raster {
  const width = Math.ceil(image.width / step);
  const height = Math.ceil(image.height / step);
  const colours = image.channels >= 3 ? 3 : 1;
  const data = new Uint8Array(width * height * colours);
  const { channels } = image;
  let o = 0;
  for (let gy = 0; gy < height; gy++) {
    const row = gy * step * image.width;
    for (let gx = 0; gx < width; gx++) {
      const p = (row + gx * step) * channels;
      for (let c = 0; c < colours; c++) data[o++] = image.data[p + c];
    }
  }
  return { width, height, data, pixelBytes: colours, colours };
}

/**
 * Trims flat lines off all four edges until none is left; null when nothing but flat lines.
 * A few non-flat lines between flat ones are trimmed too (`bridge` lines at most): a lossy
 * encoder rings where one colour of a frame meets the next, and the frame goes on beyond.
 */
function trim(r: Raster, box: Box, tol: number, out: number, bridge: number): Box | null {
  let { x0, y0, x1, y1 } = box;
  const row = (y: number) => rowFlat(r, y, x0, x1, tol, out);
  const col = (x: number) => colFlat(r, x, y0, y1, tol, out);
  /** Lines to trim from `from` inwards (`dir` ±1), never past `limit`. */
  const run = (from: number, dir: 1 | -1, limit: number, flat: (i: number) => boolean) => {
    let n = 0;
    const inside = (k: number) => (dir === 1 ? from + k < limit : from - k > limit);
    while (inside(n)) {
      if (flat(from + dir * n)) {
        n++;
        continue;
      }
      let skip = 0;
      for (let j = 1; j <= bridge && inside(n + j + 1); j++)
        if (flat(from + dir * (n + j)) && flat(from + dir * (n + j + 1))) {
          skip = j;
          break;
        }
      if (skip === 0 || n === 0) break;
      n += skip;
    }
    return n;
  };
  // Trimming rows can make a column flat and the other way round: repeat until nothing changes.
  for (let changed = true; changed;) {
    const before = [x0, y0, x1, y1].join();
    y0 += run(y0, 1, y1, row);
    if (y1 > y0) y1 -= run(y1 - 1, -1, y0 - 1, row);
    if (y1 > y0) x0 += run(x0, 1, x1, col);
    if (y1 > y0 && x1 > x0) x1 -= run(x1 - 1, -1, x0 - 1, col);
    changed = x1 > x0 && y1 > y0 && before !== [x0, y0, x1, y1].join();
  }
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}

/** Splits a trimmed box along runs of at least {@link MIN_GAP_LINES} flat rows, else columns. */
function split(r: Raster, box: Box, tol: number, out: number): Box[] | null {
  const pieces = (length: number, flat: (i: number) => boolean): Array<[number, number]> => {
    const runs: Array<[number, number]> = [];
    let start = 0;
    let gap = 0;
    for (let i = 0; i < length; i++) {
      if (flat(i)) {
        gap++;
        continue;
      }
      if (gap >= MIN_GAP_LINES && i - gap > start) {
        runs.push([start, i - gap]);
        start = i;
      } else if (gap >= MIN_GAP_LINES) start = i;
      gap = 0;
    }
    runs.push([start, length - gap]);
    return runs;
  };
  const rows = pieces(box.y1 - box.y0, (i) => rowFlat(r, box.y0 + i, box.x0, box.x1, tol, out));
  if (rows.length > 1)
    return rows.map(([a, b]) => ({ x0: box.x0, x1: box.x1, y0: box.y0 + a, y1: box.y0 + b }));
  const cols = pieces(box.x1 - box.x0, (i) => colFlat(r, box.x0 + i, box.y0, box.y1, tol, out));
  if (cols.length > 1)
    return cols.map(([a, b]) => ({ y0: box.y0, y1: box.y1, x0: box.x0 + a, x1: box.x0 + b }));
  return null;
}

function cut(r: Raster, box: Box, depth: number, p: CutParameters, leaves: Box[]): void {
  const { tol, out } = p;
  const trimmed = trim(r, box, tol, out, p.bridge);
  if (!trimmed) return;
  const pieces = depth < MAX_DEPTH ? split(r, trimmed, tol, out) : null;
  if (!pieces) {
    leaves.push(trimmed);
    return;
  }
  for (const piece of pieces) cut(r, piece, depth + 1, p, leaves);
}

/**
 * Moves each edge of a box found on the grid to the outermost non-flat full-resolution line: the
 * grid knows an edge only to within one step (a sample inside is not flat, the one outside is).
 */
function refine(image: Raster, box: Box, step: number, tol: number, out: number): Box {
  if (step === 1) return box;
  const W = image.width;
  const H = image.height;
  // Outermost positions the edge can have, then moved inwards past flat full-resolution lines.
  let x0 = Math.max(0, (box.x0 - 1) * step + 1);
  let y0 = Math.max(0, (box.y0 - 1) * step + 1);
  let x1 = Math.min(W, box.x1 * step);
  let y1 = Math.min(H, box.y1 * step);
  const innerX0 = box.x0 * step;
  const innerY0 = box.y0 * step;
  const innerX1 = (box.x1 - 1) * step + 1;
  const innerY1 = (box.y1 - 1) * step + 1;
  while (y0 < innerY0 && rowFlat(image, y0, x0, x1, tol, out)) y0++;
  while (y1 > innerY1 && rowFlat(image, y1 - 1, x0, x1, tol, out)) y1--;
  while (x0 < innerX0 && colFlat(image, x0, y0, y1, tol, out)) x0++;
  while (x1 > innerX1 && colFlat(image, x1 - 1, y0, y1, tol, out)) x1--;
  return { x0, y0, x1, y1 };
}

/**
 * Trims, within a few pixels of each edge, lines that are nearly flat by a lenient measure: the
 * padding of a chat bubble or a thin frame is too narrow to have clean lines of its own once a
 * lossy encoder has rung over it from both sides.
 */
function polish(image: Raster, box: Box): Box {
  let { x0, y0, x1, y1 } = box;
  const row = (y: number) => rowFlat(image, y, x0, x1, POLISH_TOLERANCE, POLISH_OUTLIERS);
  const col = (x: number) => colFlat(image, x, y0, y1, POLISH_TOLERANCE, POLISH_OUTLIERS);
  // Only edges that flat lines were trimmed from: an edge at the image's own border is the picture's.
  const n = POLISH_MARGIN_PX;
  if (y0 > 0) for (let k = 0; k < n && y1 - y0 > n && row(y0); k++) y0++;
  if (y1 < image.height) for (let k = 0; k < n && y1 - y0 > n && row(y1 - 1); k++) y1--;
  if (x0 > 0) for (let k = 0; k < n && x1 - x0 > n && col(x0); k++) x0++;
  if (x1 < image.width) for (let k = 0; k < n && x1 - x0 > n && col(x1 - 1); k++) x1--;
  return { x0, y0, x1, y1 };
}

/** Polishing looks this far in from an edge: a 4:2:0 JPEG's colour block, where ringing reaches... */
const POLISH_MARGIN_PX = 10;
/** ... for lines this flat. */
const POLISH_TOLERANCE = 12;
const POLISH_OUTLIERS = 0.12;

interface CutParameters {
  readonly tol: number;
  readonly out: number;
  readonly bridge: number;
}

const area = (b: Box) => (b.x1 - b.x0) * (b.y1 - b.y0);

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const shared = w * h;
  return shared / (area(a) + area(b) - shared);
}

/**
 * The regions of an image that hold a picture, largest first: the image with uniform borders,
 * bars or frames trimmed off, and pictures embedded among flat areas (a screenshot's chat, a page).
 * Empty when the whole image is the picture. Pure and synchronous: the same code runs in browsers.
 *
 * @example
 * for (const region of findContentRegions(image)) computePdqDihedral(cropImage(image, region));
 */
export function findContentRegions(
  image: PixelImage,
  options: ContentRegionOptions = {},
): ImageRegion[] {
  assertPixelImage(image);
  const maxRegions = options.maxRegions ?? 2;
  const tol = options.tolerance ?? 4;
  const out = options.outliers ?? 0.08;
  const minArea = (options.minAreaFraction ?? 0.04) * image.width * image.height;
  if (image.width < MIN_SIDE_PX || image.height < MIN_SIDE_PX || maxRegions < 1) return [];
  const full: Raster = {
    width: image.width,
    height: image.height,
    data: image.data,
    pixelBytes: image.channels,
    colours: image.channels >= 3 ? 3 : 1,
  }; // A picture that fills its frame (most uploads) has no flat edge: nothing to trim or cut out.
  const { width: W, height: H } = image;
  if (
    !rowFlat(full, 0, 0, W, tol, out) &&
    !rowFlat(full, H - 1, 0, W, tol, out) &&
    !colFlat(full, 0, 0, H, tol, out) &&
    !colFlat(full, W - 1, 0, H, tol, out)
  )
    return [];
  const step = Math.max(1, Math.ceil(Math.max(image.width, image.height) / SAMPLE_SIDE));
  const grid = sampleGrid(image, step);

  const whole: Box = { x0: 0, y0: 0, x1: image.width, y1: image.height };
  const candidates: Box[] = [];
  // Ringing reaches about one 8×8 JPEG block from an edge: bridge that much, in grid lines.
  const bridge = Math.max(1, Math.ceil(8 / step));
  const trimmed = trim(grid, { x0: 0, y0: 0, x1: grid.width, y1: grid.height }, tol, out, bridge);
  if (!trimmed) return [];
  candidates.push(trimmed);
  const leaves: Box[] = [];
  cut(grid, trimmed, 0, { tol, out, bridge }, leaves);
  candidates.push(...leaves.sort((a, b) => area(b) - area(a)));
  // Only blocks that could pass the size rules once refined (by at most a step a side) reach the
  // full-resolution work: an image crafted into thousands of blocks costs its grid, no more.
  const couldPass = (b: Box) =>
    (b.x1 - b.x0 + 2) * step >= MIN_SIDE_PX &&
    (b.y1 - b.y0 + 2) * step >= MIN_SIDE_PX &&
    (b.x1 - b.x0 + 2) * (b.y1 - b.y0 + 2) * step * step >= minArea;
  const chosen: Box[] = [];
  const regions: Box[] = [];
  for (const candidate of candidates.filter(couldPass).slice(0, MAX_CANDIDATES)) {
    const box = refine(full, candidate, step, tol, out);
    const w = box.x1 - box.x0;
    const h = box.y1 - box.y0;
    if (w < MIN_SIDE_PX || h < MIN_SIDE_PX || w * h < minArea) continue;
    if (Math.max(w / h, h / w) > MAX_ASPECT) continue;
    if (area(box) >= WHOLE_IMAGE_FRACTION * area(whole)) continue;
    if (chosen.some((c) => overlap(c, box) >= 0.9)) continue;
    chosen.push(box);
    regions.push(box);
    // Polishing helps a picture rung over by JPEG and hurts one with flat edges of its own: both.
    const polished = polish(full, box);
    if (
      polished.x0 !== box.x0 ||
      polished.y0 !== box.y0 ||
      polished.x1 !== box.x1 ||
      polished.y1 !== box.y1
    )
      regions.push(polished);
    if (chosen.length === maxRegions) break;
  }
  return regions.map((b) => ({ x: b.x0, y: b.y0, w: b.x1 - b.x0, h: b.y1 - b.y0 }));
}
