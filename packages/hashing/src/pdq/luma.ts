import type { PixelImage } from './pixel-image.js';

/** Images wider or taller than this are first resized to exactly this square (reference behaviour). */
export const PDQ_PRE_RESIZE = 512;

// The reference multiplies by float constants, so the coefficients themselves are float32.
const R_COEFF = Math.fround(0.299);
const G_COEFF = Math.fround(0.587);
const B_COEFF = Math.fround(0.114);

/** Float32 luminance plane after the reference's nearest-neighbour pre-resize. */
export interface LumaPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Source index along one axis for each output position of the nearest-neighbour pre-resize:
 * output `x` takes input `floor(x · n / 512)` (exact in double: `x · n` is an integer, /512 a shift).
 */
function nearestIndexes(inputLength: number, outputLength: number): Int32Array {
  const out = new Int32Array(outputLength);
  for (let x = 0; x < outputLength; x++) out[x] = Math.floor((x * inputLength) / outputLength);
  return out;
}

/**
 * Luminance `0.299 R + 0.587 G + 0.114 B` in float32, summed left to right as the reference does;
 * grey images use the grey value itself. Alpha is ignored. Images larger than 512 px on either side
 * are sampled down to 512×512 first (aspect ratio not kept). Writes into `output` when given (it must
 * hold at least 512×512 values) and returns a view of it. Selecting pixels before computing their
 * luminance gives the same values as resizing RGB first, with less work.
 */
export function computeLuma(image: PixelImage, output?: Float32Array): LumaPlane {
  const { width, height, channels, data } = image;
  const resize = width > PDQ_PRE_RESIZE || height > PDQ_PRE_RESIZE;
  const outW = resize ? PDQ_PRE_RESIZE : width;
  const outH = resize ? PDQ_PRE_RESIZE : height;
  const cols = resize ? nearestIndexes(width, outW) : null;
  const rows = resize ? nearestIndexes(height, outH) : null;
  const luma = output ? output.subarray(0, outW * outH) : new Float32Array(outW * outH);
  const isGrey = channels < 3;
  const fr = Math.fround;

  for (let y = 0; y < outH; y++) {
    const srcRow = (rows ? rows[y] : y) * width;
    const outRow = y * outW;
    for (let x = 0; x < outW; x++) {
      const p = (srcRow + (cols ? cols[x] : x)) * channels;
      if (isGrey) {
        luma[outRow + x] = data[p];
      } else {
        const r = fr(R_COEFF * data[p]);
        const g = fr(G_COEFF * data[p + 1]);
        const b = fr(B_COEFF * data[p + 2]);
        luma[outRow + x] = fr(fr(r + g) + b);
      }
    }
  }
  return { width: outW, height: outH, data: luma };
}
