import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _');
const labels = z.array(name).min(1).max(64);

/** An ONNX classifier an operator plugs in (e.g. a deepfake detector trained with DeepfakeBench). */
export const ZOnnxDetectorConfig = z.object({
  type: z.literal('onnx'),
  name,
  /** Path to the .onnx file (relative to the configuration file). */
  model: z.string().min(1),
  /** One label per output column. */
  labels,
  input: z.object({
    width: z.number().int().min(8).max(4096),
    height: z.number().int().min(8).max(4096),
    layout: z.enum(['nchw', 'nhwc']).default('nchw'),
    channelOrder: z.enum(['rgb', 'bgr']).default('rgb'),
    /** Pixels are scaled by this first (1/255 → 0…1), then (x − mean) / std per channel. */
    scale: z
      .number()
      .positive()
      .default(1 / 255),
    mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    std: z
      .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
      .default([1, 1, 1]),
    /** The model's input name; the first input when omitted. */
    name: z.string().optional(),
  }),
  /**
   * `whole`: the image squeezed to the input size; `center`: the largest centred square first;
   * `face`: each face the face detector finds (with `faceMargin` around it), the highest score
   * per label kept, and no scores for an image without a face (most deepfake models look at faces).
   */
  crop: z.enum(['whole', 'center', 'face']).default('whole'),
  /** Face-crop mode: the margin added around each face box, as a share of its size. */
  faceMargin: z.number().min(0).max(2).default(0.2),
  /** Face-crop mode: at most this many faces per image, largest first. */
  maxFaces: z.number().int().min(1).max(32).default(4),
  /** How outputs become 0…1 scores. */
  output: z.enum(['sigmoid', 'softmax', 'probabilities']).default('softmax'),
  /** The model's output name; the first output when omitted. */
  outputName: z.string().optional(),
  /** Images screened at the same moment are run together, up to this many. */
  batchSize: z.number().int().min(1).max(256).default(8),
  /** How long the first image of a batch waits for others (ms). */
  batchWaitMs: z.number().min(0).max(1000).default(2),
  /** ONNX Runtime execution providers, in order of preference: `cpu`, or `cuda` then `cpu`. */
  executionProviders: z
    .array(z.enum(['cpu', 'cuda']))
    .min(1)
    .default(['cpu']),
  /** Threads for one inference on the CPU (0: ONNX Runtime chooses). */
  threads: z.number().int().min(0).max(64).default(0),
});

/** A detection service behind HTTP (a commercial API, or a model server): a generic JSON contract. */
export const ZHttpDetectorConfig = z.object({
  type: z.literal('http'),
  name,
  url: z.string().url(),
  labels,
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** Headers to send, each value read from the environment variable named (never the file). */
  headersFromEnv: z.record(z.string(), z.string().regex(/^[A-Z_][A-Z0-9_]*$/)).default({}),
  /** Images are sent as JPEG no larger than this on their longest side. */
  maxSide: z.number().int().min(32).max(4096).default(512),
});

export const ZModelDetectorsFile = z.object({
  detectors: z.array(z.discriminatedUnion('type', [ZOnnxDetectorConfig, ZHttpDetectorConfig])),
});

export type OnnxDetectorConfig = z.infer<typeof ZOnnxDetectorConfig>;
export type HttpDetectorConfig = z.infer<typeof ZHttpDetectorConfig>;
