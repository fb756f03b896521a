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
): Promise<Float32Array> {
  const { width, height, layout, channelOrder, scale, mean, std } = config.input;
  const rgb = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
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
      const value =
        ((rgb[i * 3 + source] as number) * scale - (mean[c] as number)) / (std[c] as number);
      out[layout === 'nchw' ? c * plane + i : i * 3 + c] = value;
    }
  return out;
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
