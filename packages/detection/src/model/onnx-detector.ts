import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import ort from 'onnxruntime-node';
import { MicroBatcher } from './micro-batcher.js';
import type { OnnxDetectorConfig } from './model-config.js';
import { activate, faceRegion, prepareInput } from './prepare-input.js';

/** Finds faces (their [x, y, width, height] boxes, largest first), for face-crop mode. */
export type FaceLocator = (
  image: DetectorInput['image'],
) => Promise<ReadonlyArray<readonly [number, number, number, number]>>;

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
    private readonly locateFaces: FaceLocator | undefined,
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
  static async load(
    config: OnnxDetectorConfig,
    model: string | Uint8Array,
    locateFaces?: FaceLocator,
  ): Promise<OnnxDetector> {
    if (config.crop === 'face' && !locateFaces)
      throw new Error(`detector "${config.name}": face-crop mode needs the face detector`);
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
    const detector = new OnnxDetector(config, session, locateFaces);
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
    if (this.config.crop !== 'face') {
      const scores = await this.batcher.submit(await prepareInput(input.image, this.config));
      return scores.map((score, i) => ({
        detector: this.name,
        label: this.labels[i],
        score,
      }));
    }
    const regions = (await (this.locateFaces as FaceLocator)(input.image))
      .slice(0, this.config.maxFaces)
      .flatMap((box) => faceRegion(box, this.config.faceMargin, input.image) ?? []);
    if (regions.length === 0) return [];
    const perFace = await Promise.all(
      regions.map(async (r) =>
        this.batcher.submit(await prepareInput(input.image, this.config, r)),
      ),
    );
    return this.labels.map((label, i) => ({
      detector: this.name,
      label,
      score: Math.max(...perFace.map((scores) => scores[i])),
      evidence: `highest of ${regions.length} face(s)`,
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
    const inputName = this.config.input.name ?? this.session.inputNames[0];
    const outputName = this.config.outputName ?? this.session.outputNames[0];
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
