import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import ort from 'onnxruntime-node';
import { MicroBatcher } from './micro-batcher.js';
import type { OnnxDetectorConfig } from './model-config.js';
import { activate, prepareInput } from './prepare-input.js';

/**
 * The model slot: any ONNX image classifier, run with ONNX Runtime (CPU, or CUDA where the
 * operator installed it). Images screened at the same moment share one batched inference.
 */
export class OnnxDetector implements Detector {
  readonly name: string;
  readonly labels: readonly string[];
  private readonly batcher: MicroBatcher<Float32Array, number[]>;

  private constructor(
    private readonly config: OnnxDetectorConfig,
    private readonly session: ort.InferenceSession,
  ) {
    this.name = config.name;
    this.labels = config.labels;
    this.batcher = new MicroBatcher(
      (items) => this.infer(items),
      config.batchSize,
      config.batchWaitMs,
    );
  }

  /** Loads the model (bytes or a path) and checks that its output has one column per label. */
  static async load(config: OnnxDetectorConfig, model: string | Uint8Array): Promise<OnnxDetector> {
    let session: ort.InferenceSession;
    try {
      const options: ort.InferenceSession.SessionOptions = {
        executionProviders: config.executionProviders,
        ...(config.threads > 0 ? { intraOpNumThreads: config.threads } : {}),
      };
      session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, options)
          : await ort.InferenceSession.create(model, options);
    } catch (error) {
      throw new Error(
        `detector "${config.name}": cannot load the model: ${(error as Error).message}`,
      );
    }
    const detector = new OnnxDetector(config, session);
    const probe = await detector.infer([
      new Float32Array(config.input.width * config.input.height * 3),
    ]);
    if (probe[0]?.length !== config.labels.length)
      throw new Error(
        `detector "${config.name}": the model gives ${probe[0]?.length ?? 0} scores, but ${config.labels.length} labels are configured`,
      );
    return detector;
  }

  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    if (input.image.width < 1 || input.image.height < 1) return [];
    const scores = await this.batcher.submit(await prepareInput(input.image, this.config));
    return scores.map((score, i) => ({
      detector: this.name,
      label: this.labels[i] as string,
      score,
    }));
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async infer(items: readonly Float32Array[]): Promise<number[][]> {
    const { width, height, layout } = this.config.input;
    const size = width * height * 3;
    const batch = new Float32Array(size * items.length);
    items.forEach((item, i) => batch.set(item, i * size));
    const dims =
      layout === 'nchw' ? [items.length, 3, height, width] : [items.length, height, width, 3];
    const inputName = this.config.input.name ?? (this.session.inputNames[0] as string);
    const outputName = this.config.outputName ?? (this.session.outputNames[0] as string);
    const result = await this.session.run({ [inputName]: new ort.Tensor('float32', batch, dims) });
    const output = result[outputName];
    if (!output) throw new Error(`detector "${this.name}": the model has no output ${outputName}`);
    const data = output.data as Float32Array;
    const columns = data.length / items.length;
    return items.map((_, i) =>
      activate(data.subarray(i * columns, (i + 1) * columns), this.config.output),
    );
  }
}
