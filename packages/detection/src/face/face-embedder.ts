import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DetectorImage } from '@haechi/core';
import sharp from 'sharp';
import { tensorflowReady } from '../nudity/tfjs-runtime.js';
import { describedFaces, humanFaceConfig, type HumanFace } from '@haechi/faces';

export { FACE_EMBEDDING_LENGTH } from '@haechi/faces';

/** The longest side of the copy the face model sees (faces in photos are found well below it). */
export const FACE_INPUT_MAX_SIDE = 1600;

/** The copy of an image the face model sees: RGB, at most {@link FACE_INPUT_MAX_SIDE} a side. */
export interface FaceInput {
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Original pixels per copy pixel (boxes are scaled back by it). */
  readonly scale: number;
}

/** Makes the face model's copy with libvips, off the main thread. */
export async function prepareFaceInput(image: DetectorImage): Promise<FaceInput> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(FACE_INPUT_MAX_SIDE, FACE_INPUT_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    scale: image.width / info.width,
  };
}

/** What the face detector needs: the faces in an image (in this thread, or in a worker). */
export interface FaceEmbedderLike {
  embed(image: DetectorImage): Promise<FaceEmbedding[]>;
  /** Releases the model (and its thread, where it has one). */
  close(): Promise<void>;
}

/** One face found in an image: where, how sure, and its description vector. */
export interface FaceEmbedding {
  /** [x, y, width, height] in pixels of the image given. */
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly embedding: Float32Array;
}

interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: HumanFace[] }>;
  tf: { tensor4d(data: Int32Array, shape: number[], dtype: 'int32'): { dispose(): void } };
}

const require = createRequire(import.meta.url);

/**
 * Face detection (BlazeFace) and face description (faceres, 1024 values) with Human
 * (@vladmandic/human), whose models ship inside its npm package, on TensorFlow.js/WebAssembly.
 * The same library runs in a browser, where a victim enrols her face without sending a picture.
 */
export class FaceEmbedder implements FaceEmbedderLike {
  private constructor(private readonly human: HumanInstance) {}

  static async load(
    options: { maxFaces?: number; minConfidence?: number } = {},
  ): Promise<FaceEmbedder> {
    await tensorflowReady();
    const entry = require.resolve('@vladmandic/human');
    // Human's exports map names only its default build; the WebAssembly one sits beside it.
    const { Human } = require(join(dirname(entry), 'human.node-wasm.js')) as {
      Human: new (config: unknown) => HumanInstance;
    };
    const models = pathToFileURL(join(dirname(entry), '..', 'models/')).href;
    const human = new Human(
      humanFaceConfig({
        backend: 'wasm',
        wasmPath: join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'),
        modelBasePath: models,
        ...options,
      }),
    );
    await withFileFetch(() => human.load());
    return new FaceEmbedder(human);
  }

  /**
   * Every face in the image, largest first. The model sees a copy no larger than
   * {@link FACE_INPUT_MAX_SIDE} on its long side (made by libvips, off the main thread), so an
   * image at the pixel limit costs what a photo costs: an 8000×8000 upload would otherwise be
   * copied whole into an Int32 tensor (768 MB) on the event loop. Boxes are in the given image's
   * pixels.
   */
  /** In the caller's own thread the model holds no handle, only memory, which goes with it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  async embed(image: DetectorImage): Promise<FaceEmbedding[]> {
    return this.embedPrepared(await prepareFaceInput(image));
  }

  /** The faces in a copy {@link prepareFaceInput} made; boxes in the original image's pixels. */
  async embedPrepared(input: FaceInput): Promise<FaceEmbedding[]> {
    const tensor = this.human.tf.tensor4d(
      new Int32Array(input.rgb),
      [1, input.height, input.width, 3],
      'int32',
    );
    const { scale } = input;
    try {
      return describedFaces((await this.human.detect(tensor)).face).map((face) => {
        const [x, y, width, height] = face.box;
        return { ...face, box: [x * scale, y * scale, width * scale, height * scale] as const };
      });
    } finally {
      tensor.dispose();
    }
  }
}

/**
 * Human loads its models with fetch(), which in Node cannot read file: URLs; while it loads, such
 * URLs are read from disk (the models inside the package), and every other URL is refused, so a
 * model can never come from the network.
 */
async function withFileFetch<T>(run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:'))
      throw new Error(`models are loaded from the package only, not ${url}`);
    return new Response(await readFile(new URL(url)));
  };
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}

/** A face locator for the model slot's face-crop mode: Human is loaded on first use, once. */
export function lazyFaceLocator(): (
  image: DetectorImage,
) => Promise<Array<readonly [number, number, number, number]>> {
  let embedder: Promise<FaceEmbedder> | undefined;
  return async (image) => {
    embedder ??= FaceEmbedder.load();
    return (await (await embedder).embed(image)).map((face) => face.box);
  };
}
