import { describe, expect, it } from 'vitest';
import { cmykToRgb } from './cmyk-to-rgb.js';

describe('cmykToRgb', () => {
  it('converts without colour management, as ImageMagick does', () => {
    const cmyk = Uint8Array.of(
      0,
      0,
      0,
      0,
      255,
      255,
      255,
      0,
      0,
      0,
      0,
      255,
      128,
      0,
      0,
      0,
      100,
      50,
      0,
      30,
    );
    expect(Array.from(cmykToRgb(cmyk, 5))).toEqual([
      255, 255, 255, 0, 0, 0, 0, 0, 0, 127, 255, 255,
      // round(155·225/255) = 137, round(205·225/255) = 181, round(255·225/255) = 225
      137, 181, 225,
    ]);
  });
});
