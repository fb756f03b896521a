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
    sum = fr(sum + input[ri]);
    count++;
    ri += stride;
  }
  for (let i = 0; i < w - half + 1; i++) {
    sum = fr(sum + input[ri]);
    count++;
    output[oi] = fr(sum / count);
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < n - w; i++) {
    sum = fr(sum + input[ri]);
    sum = fr(sum - input[li]);
    output[oi] = fr(sum / count);
    ri += stride;
    li += stride;
    oi += stride;
  }
  for (let i = 0; i < half - 1; i++) {
    sum = fr(sum - input[li]);
    count--;
    output[oi] = fr(sum / count);
    li += stride;
    oi += stride;
  }
}

/**
 * The same box filter down every column of a `width`×`height` plane at once: rows are visited in
 * memory order with one running sum per column, instead of striding a whole row per sample through
 * the plane (which is what made the filter slow). Each column sees exactly the operations of
 * {@link boxFilter1D} in the same order, so the output is bit-identical.
 */
export function boxFilterColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  w: number,
  sums: Float32Array,
): void {
  const half = Math.floor((w + 2) / 2);
  sums.fill(0, 0, width);
  let count = 0;
  let ri = 0; // first sample of the next row to add
  let li = 0; // first sample of the next row to remove
  let oi = 0; // first sample of the next row to write
  // Float32Array stores round to float32, so `sums[x] += v` is the float32 addition of the reference.
  for (let i = 0; i < half - 1; i++, ri += width) {
    for (let x = 0; x < width; x++) sums[x] += input[ri + x];
    count++;
  }
  for (let i = 0; i < w - half + 1; i++, ri += width, oi += width) {
    count++;
    for (let x = 0; x < width; x++) {
      sums[x] += input[ri + x];
      output[oi + x] = sums[x] / count;
    }
  }
  for (let i = 0; i < height - w; i++, ri += width, li += width, oi += width) {
    for (let x = 0; x < width; x++) {
      sums[x] += input[ri + x];
      sums[x] -= input[li + x];
      output[oi + x] = sums[x] / count;
    }
  }
  for (let i = 0; i < half - 1; i++, li += width, oi += width) {
    count--;
    for (let x = 0; x < width; x++) {
      sums[x] -= input[li + x];
      output[oi + x] = sums[x] / count;
    }
  }
}

/**
 * The box filter along four consecutive rows at once (rows `first`…`first + 3`, `n` samples each).
 * One row's running sum is a chain of dependent float32 additions; interleaving four independent
 * chains lets the CPU overlap them. Each row sees exactly the operations of {@link boxFilter1D}.
 */
function boxFilter4Rows(
  input: Float32Array,
  output: Float32Array,
  first: number,
  n: number,
  w: number,
): void {
  const fr = Math.fround;
  const half = Math.floor((w + 2) / 2);
  const r1 = n;
  const r2 = 2 * n;
  const r3 = 3 * n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let count = 0;
  let ri = first;
  let li = first;
  let oi = first;
  for (let i = 0; i < half - 1; i++, ri++) {
    s0 = fr(s0 + input[ri]);
    s1 = fr(s1 + input[ri + r1]);
    s2 = fr(s2 + input[ri + r2]);
    s3 = fr(s3 + input[ri + r3]);
    count++;
  }
  for (let i = 0; i < w - half + 1; i++, ri++, oi++) {
    count++;
    s0 = fr(s0 + input[ri]);
    s1 = fr(s1 + input[ri + r1]);
    s2 = fr(s2 + input[ri + r2]);
    s3 = fr(s3 + input[ri + r3]);
    output[oi] = s0 / count;
    output[oi + r1] = s1 / count;
    output[oi + r2] = s2 / count;
    output[oi + r3] = s3 / count;
  }
  for (let i = 0; i < n - w; i++, ri++, li++, oi++) {
    s0 = fr(fr(s0 + input[ri]) - input[li]);
    s1 = fr(fr(s1 + input[ri + r1]) - input[li + r1]);
    s2 = fr(fr(s2 + input[ri + r2]) - input[li + r2]);
    s3 = fr(fr(s3 + input[ri + r3]) - input[li + r3]);
    output[oi] = s0 / count;
    output[oi + r1] = s1 / count;
    output[oi + r2] = s2 / count;
    output[oi + r3] = s3 / count;
  }
  for (let i = 0; i < half - 1; i++, li++, oi++) {
    count--;
    s0 = fr(s0 - input[li]);
    s1 = fr(s1 - input[li + r1]);
    s2 = fr(s2 - input[li + r2]);
    s3 = fr(s3 - input[li + r3]);
    output[oi] = s0 / count;
    output[oi + r1] = s1 / count;
    output[oi + r2] = s2 / count;
    output[oi + r3] = s3 / count;
  }
}

/** The box filter along every row of a `width`×`height` plane (Float32Array stores round to float32). */
export function boxFilterRows(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  w: number,
): void {
  let y = 0;
  for (; y + 4 <= height; y += 4) boxFilter4Rows(input, output, y * width, width, w);
  for (; y < height; y++) boxFilter1D(input, output, y * width, width, 1, w);
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
  columnSums: Float32Array = new Float32Array(width),
): void {
  const windowAlongRows = jaroszWindowSize(width);
  const windowAlongCols = jaroszWindowSize(height);
  for (let round = 0; round < PDQ_NUM_JAROSZ_ROUNDS; round++) {
    boxFilterRows(plane, scratch, width, height, windowAlongRows);
    boxFilterColumns(scratch, plane, width, height, windowAlongCols, columnSums);
  }
}

/** Samples the filtered plane down to 64×64: output (i, j) takes row ⌊(i + ½)·H/64⌋, column ⌊(j + ½)·W/64⌋. */
export function decimateTo64(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.floor(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) {
      out[i * 64 + j] = plane[row + Math.floor(((j + 0.5) * width) / 64)];
    }
  }
  return out;
}
