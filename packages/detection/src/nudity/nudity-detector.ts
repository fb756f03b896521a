import type { Detector, DetectorImage, DetectorInput, DetectorScore } from '@haechi/core';
import * as nsfwjs from 'nsfwjs';
import sharp from 'sharp';
import { MicroBatcher } from '../model/micro-batcher.js';
import { tensorflowReady, tf } from './tfjs-runtime.js';

/** nsfwjs's classes, in the order of its model's outputs. */
const CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
const SIZES = { MobileNetV2: 224, MobileNetV2Mid: 224, InceptionV3: 299 } as const;
export type NudityModel = keyof typeof SIZES;

export interface NudityOptions {
  /** Which of the models nsfwjs ships (default MobileNetV2: the fastest). */
  readonly model?: NudityModel;
  readonly batchSize?: number;
  readonly batchWaitMs?: number;
}

/**
 * Sexual-content classifier: nsfwjs's models (weights shipped inside the npm package) on
 * TensorFlow.js. `sexual` is the probability of the porn and hentai classes together,
 * `suggestive` that of the sexy class. Uploads screened together share one batched inference.
 */
export class NudityDetector implements Detector {
  readonly name = 'nudity';
  readonly labels = ['sexual', 'suggestive'] as const;
  private readonly batcher: MicroBatcher<Uint8Array, Float32Array>;

  private constructor(
    private readonly classifier: nsfwjs.NSFWJS,
    private readonly size: number,
    options: NudityOptions,
  ) {
    this.batcher = new MicroBatcher(
      async (items) => this.infer(items),
      options.batchSize ?? 8,
      options.batchWaitMs ?? 2,
    );
  }

  static async load(options: NudityOptions = {}): Promise<NudityDetector> {
    const model = options.model ?? 'MobileNetV2';
    await tensorflowReady();
    // nsfwjs names the model it loads on the console; the server logs JSON only.
    const info = console.info;
    console.info = () => undefined;
    try {
      return new NudityDetector(await nsfwjs.load(model), SIZES[model], options);
    } finally {
      console.info = info;
    }
  }

  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    if (input.image.width < 1 || input.image.height < 1) return [];
    const p = await this.batcher.submit(await this.resize(input.image));
    const at = (name: (typeof CLASSES)[number]) => p[CLASSES.indexOf(name)];
    return [
      { detector: this.name, label: 'sexual', score: round(at('porn') + at('hentai')) },
      { detector: this.name, label: 'suggestive', score: round(at('sexy')) },
    ];
  }

  /** The image as the model sees it: size × size RGB, the whole picture squeezed in. */
  private async resize(image: DetectorImage): Promise<Uint8Array> {
    return new Uint8Array(
      await sharp(image.data, {
        raw: { width: image.width, height: image.height, channels: image.channels },
      })
        .removeAlpha()
        .toColourspace('srgb')
        .resize(this.size, this.size, { fit: 'fill' })
        .raw()
        .toBuffer(),
    );
  }

  private async infer(items: readonly Uint8Array[]): Promise<Float32Array[]> {
    const size = this.size;
    const output = tf.tidy(() => {
      const batch = tf.tensor4d(
        Float32Array.from(concat(items)),
        [items.length, size, size, 3],
        'float32',
      );
      return this.classifier.model.predict(batch.div(255)) as tf.Tensor;
    });
    const data = (await output.data()) as Float32Array;
    output.dispose();
    return items.map((_, i) => data.slice(i * CLASSES.length, (i + 1) * CLASSES.length));
  }
}

const round = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10_000) / 10_000;

function concat(items: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(items.reduce((n, i) => n + i.length, 0));
  let at = 0;
  for (const item of items) {
    out.set(item, at);
    at += item.length;
  }
  return out;
}
