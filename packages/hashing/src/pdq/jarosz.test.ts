import { describe, expect, it } from 'vitest';
import { seededRandom } from '@haechi/testkit/seeded-random';
import {
  boxFilter1D,
  boxFilterColumns,
  boxFilterRows,
  decimateTo64,
  jaroszWindowSize,
} from './jarosz.js';

/** Luminance-like values 0…255 from a seeded generator. */
const scaledRandom = (seed: number): (() => number) => {
  const random = seededRandom(seed);
  return () => random() * 255;
};

describe('Jarosz box filter', () => {
  it('sizes the window as ceil(length / 128)', () => {
    expect([1, 64, 128, 129, 256, 257, 512, 1000].map(jaroszWindowSize)).toEqual([
      1, 1, 1, 2, 2, 3, 4, 8,
    ]);
  });

  it('averages over a window that shrinks at both ends', () => {
    const input = Float32Array.of(1, 2, 3, 4, 5);
    const output = new Float32Array(5);
    boxFilter1D(input, output, 0, 5, 1, 3);
    expect(Array.from(output)).toEqual([1.5, 2, 3, 4, 4.5]);
  });

  it('copies with a window of 1', () => {
    const output = new Float32Array(3);
    boxFilter1D(Float32Array.of(9, 8, 7), output, 0, 3, 1, 1);
    expect(Array.from(output)).toEqual([9, 8, 7]);
  });

  it('follows a stride and an offset (a column of a 3-wide plane)', () => {
    const plane = Float32Array.of(0, 10, 0, 0, 20, 0, 0, 30, 0, 0, 40, 0);
    const output = new Float32Array(12);
    boxFilter1D(plane, output, 1, 4, 3, 2);
    expect([output[1], output[4], output[7], output[10]]).toEqual([15, 25, 35, 40]);
    expect(output[0]).toBe(0);
  });

  it('rounds every step to float32', () => {
    const f = Math.fround;
    const output = new Float32Array(3);
    boxFilter1D(Float32Array.of(0.1, 0.2, 0.3), output, 0, 3, 1, 3);
    const sum2 = f(f(0.1) + f(0.2));
    const sum3 = f(sum2 + f(0.3));
    expect(output[0]).toBe(f(sum2 / 2));
    expect(output[1]).toBe(f(sum3 / 3));
    expect(output[2]).toBe(f(f(sum3 - f(0.1)) / 2));
  });
});

describe('decimation to 64×64', () => {
  it('samples the centre of each cell', () => {
    const width = 128;
    const height = 192;
    const plane = new Float32Array(width * height);
    for (let i = 0; i < plane.length; i++) plane[i] = i;
    const out = decimateTo64(plane, width, height);
    // row ⌊(0.5)·192/64⌋ = 1, column ⌊0.5·128/64⌋ = 1
    expect(out[0]).toBe(1 * width + 1);
    // row ⌊63.5·3⌋ = 190, column ⌊63.5·2⌋ = 127
    expect(out[63 * 64 + 63]).toBe(190 * width + 127);
  });
});

describe('boxFilterColumns', () => {
  it('is bit-identical to filtering each column with a stride', () => {
    const next = scaledRandom(12345);
    for (const [width, height] of [
      [7, 5],
      [33, 64],
      [64, 129],
      [300, 257],
      [16, 512],
    ] as const) {
      const input = Float32Array.from({ length: width * height }, next);
      for (const w of [1, 2, 3, 4, 5, jaroszWindowSize(height)]) {
        if (w > height) continue;
        const byColumn = new Float32Array(width * height);
        for (let x = 0; x < width; x++) boxFilter1D(input, byColumn, x, height, width, w);
        const byRow = new Float32Array(width * height);
        boxFilterColumns(input, byRow, width, height, w, new Float32Array(width));
        expect(byRow, `${width}×${height}, window ${w}`).toEqual(byColumn);
      }
    }
  });
});

describe('boxFilterRows', () => {
  it('is bit-identical to filtering each row on its own', () => {
    const next = scaledRandom(999);
    for (const [width, height] of [
      [5, 1],
      [9, 4],
      [64, 7],
      [257, 13],
      [512, 9],
    ] as const) {
      const input = Float32Array.from({ length: width * height }, next);
      for (const w of [1, 2, 3, 4, jaroszWindowSize(width)]) {
        if (w > width) continue;
        const oneByOne = new Float32Array(width * height);
        for (let y = 0; y < height; y++) boxFilter1D(input, oneByOne, y * width, width, 1, w);
        const grouped = new Float32Array(width * height);
        boxFilterRows(input, grouped, width, height, w);
        expect(grouped, `${width}×${height}, window ${w}`).toEqual(oneByOne);
      }
    }
  });
});
