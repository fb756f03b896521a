/**
 * The reference's "Jarosz" filter: two rounds of 1-D box filters along rows then columns, a cheap
 * approximation of a tent blur. Every operation is float32 (Math.fround): double intermediates
 * flip hash bits on real photos.
 */

const PDQ_NUM_JAROSZ_ROUNDS = 2;

/** Window of the box filter for a side of `length` pixels, decimated to 64: ceil(length / 128). */
export function jaroszWindowSize(length: number): number {
  return Math.floor((length + 127) / 128);
}

/**
 * Box filter of `n` samples starting at `offset`, `stride` apart, window `w`; reads `input`,
 * writes `output` at the same positions. The four phases reproduce the reference's edge handling
 * (a shrinking window at both ends), including its float32 running sum.
 */
export function boxFilter1D(
  input: Float32Array,
  output: Float32Array,
  offset: number,
  n: number,
  stride: number,
  w: number,
): void {
  const fr = Math.fround;
  const half = Math.floor((w + 2) / 2);
  let sum = 0;
  let count = 0;
  let ri = offset;
  let li = offset;
  let oi = offset;

  for (let i = 0; i < half - 1; i++) {
    sum = fr(sum + (input[ri] as number));
    count++;
    ri += stride;
  }
  for (let i = 0; i < w - half + 1; i++) {
    sum = fr(sum + (input[ri] as number));
    count++;
    output[oi] = fr(sum / count);
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < n - w; i++) {
    sum = fr(sum + (input[ri] as number));
    sum = fr(sum - (input[li] as number));
    output[oi] = fr(sum / count);
    ri += stride;
    li += stride;
    oi += stride;
  }
  for (let i = 0; i < half - 1; i++) {
    sum = fr(sum - (input[li] as number));
    count--;
    output[oi] = fr(sum / count);
    li += stride;
    oi += stride;
  }
}

/**
 * Two rounds of (rows with `jaroszWindowSize(width)`, then columns with `jaroszWindowSize(height)`),
 * in place on `plane` using `scratch` (same size) in between.
 */
export function jaroszFilter(
  plane: Float32Array,
  scratch: Float32Array,
  width: number,
  height: number,
): void {
  const windowAlongRows = jaroszWindowSize(width);
  const windowAlongCols = jaroszWindowSize(height);
  for (let round = 0; round < PDQ_NUM_JAROSZ_ROUNDS; round++) {
    for (let y = 0; y < height; y++) {
      boxFilter1D(plane, scratch, y * width, width, 1, windowAlongRows);
    }
    for (let x = 0; x < width; x++) {
      boxFilter1D(scratch, plane, x, height, width, windowAlongCols);
    }
  }
}

/** Samples the filtered plane down to 64×64: output (i, j) takes row ⌊(i + ½)·H/64⌋, column ⌊(j + ½)·W/64⌋. */
export function decimateTo64(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.floor(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) {
      out[i * 64 + j] = plane[row + Math.floor(((j + 0.5) * width) / 64)] as number;
    }
  }
  return out;
}
