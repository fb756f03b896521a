import type { DetectorImage } from '@haechi/core';
import sharp from 'sharp';
import type { OnnxDetectorConfig } from './model-config.js';

/**
 * The image as the model wants it: resized (whole, or the centred square), 3 channels in the
 * model's order, scaled and normalised, laid out NCHW or NHWC, as float32 for one batch item.
 */
export async function prepareInput(
  image: DetectorImage,
  config: OnnxDetectorConfig,
  region?: Region,
): Promise<Float32Array> {
  const { width, height, layout, channelOrder, scale, mean, std } = config.input;
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  if (region)
    pipeline = sharp(await pipeline.extract(region).raw().toBuffer(), {
      raw: { width: region.width, height: region.height, channels: image.channels },
    });
  const rgb = await pipeline
    .removeAlpha()
    .toColourspace('srgb')
    .resize(width, height, { fit: config.crop === 'center' ? 'cover' : 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++)
    for (let c = 0; c < 3; c++) {
      const source = channelOrder === 'bgr' ? 2 - c : c;
      const value = (rgb[i * 3 + source] * scale - mean[c]) / std[c];
      out[layout === 'nchw' ? c * plane + i : i * 3 + c] = value;
    }
  return out;
}

/** A rectangle of the image, in whole pixels. */
export interface Region {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A face box grown by `margin` on every side and kept inside the image; null if nothing is left. */
export function faceRegion(
  box: readonly [number, number, number, number],
  margin: number,
  image: { width: number; height: number },
): Region | null {
  const [x, y, w, h] = box;
  const left = Math.max(0, Math.floor(x - w * margin));
  const top = Math.max(0, Math.floor(y - h * margin));
  const right = Math.min(image.width, Math.ceil(x + w * (1 + margin)));
  const bottom = Math.min(image.height, Math.ceil(y + h * (1 + margin)));
  return right - left >= 2 && bottom - top >= 2
    ? { left, top, width: right - left, height: bottom - top }
    : null;
}

/** Turns a row of raw outputs into 0…1 scores. */
export function activate(row: Float32Array, output: OnnxDetectorConfig['output']): number[] {
  if (output === 'probabilities') return [...row].map((v) => Math.min(1, Math.max(0, v)));
  if (output === 'sigmoid') return [...row].map((v) => 1 / (1 + Math.exp(-v)));
  const max = Math.max(...row);
  const exps = [...row].map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
