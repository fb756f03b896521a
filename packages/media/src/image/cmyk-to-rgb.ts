/**
 * CMYK → RGB the way ImageMagick 6 does it (no colour management): R = (1 − C)(1 − K) in 16-bit
 * arithmetic, scaled back to 8 bits, which is round((255 − c)(255 − k) / 255). The reference PDQ
 * vectors were decoded by ImageMagick, so an ICC-managed conversion would shift hash bits.
 */
export function cmykToRgb(cmyk: Uint8Array, pixelCount: number): Uint8Array {
  const rgb = new Uint8Array(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    const inverseK = 255 - cmyk[i * 4 + 3];
    for (let c = 0; c < 3; c++) {
      rgb[i * 3 + c] = Math.round(((255 - cmyk[i * 4 + c]) * inverseK) / 255);
    }
  }
  return rgb;
}
