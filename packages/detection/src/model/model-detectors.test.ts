import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectorImage } from '@haechi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanColourModel } from '@haechi/testkit/tiny-onnx';
import { HttpDetector } from './http-detector.js';
import { loadModelDetectors } from './load-model-detectors.js';
import { MicroBatcher } from './micro-batcher.js';
import { ZOnnxDetectorConfig, type OnnxDetectorConfig } from './model-config.js';
import { OnnxDetector } from './onnx-detector.js';

/** An image of solid colours, one per vertical band, left to right. */
function bands(
  width: number,
  height: number,
  colours: Array<[number, number, number]>,
): DetectorImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const colour = colours[Math.floor((x * colours.length) / width)];
      data.set(colour, (y * width + x) * 3);
    }
  return { width, height, channels: 3, data };
}
const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const GREY: [number, number, number] = [128, 128, 128];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
// Logits: red = 4·R − 2, blue = 4·B − 2, with R, G, B the mean channel values in 0…1.
const WEIGHTS = [
  [4, 0],
  [0, 0],
  [0, 4],
];
const config = (overrides: Record<string, unknown> = {}): OnnxDetectorConfig =>
  ZOnnxDetectorConfig.parse({
    type: 'onnx',
    name: 'colour',
    model: 'colour.onnx',
    labels: ['red', 'blue'],
    input: { width: 16, height: 16 },
    output: 'sigmoid',
    ...overrides,
  });
const model = (nhwc = false) =>
  meanColourModel({ channels: 3, height: 16, width: 16, weights: WEIGHTS, bias: [-2, -2], nhwc });
const detect = (d: { detect: OnnxDetector['detect'] }, image: DetectorImage) =>
  d.detect({ image, mediaType: 'image' });
const scoresOf = async (d: OnnxDetector, image: DetectorImage) =>
  (await detect(d, image)).map((s) => [s.label, Number(s.score.toFixed(4))]);

describe('OnnxDetector (the model slot)', () => {
  it('runs a generated model end to end: resize, normalise, infer, activate', async () => {
    const detector = await OnnxDetector.load(config(), model());
    expect(await detect(detector, bands(40, 30, [RED]))).toEqual([
      { detector: 'colour', label: 'red', score: expect.closeTo(sigmoid(2), 5) },
      { detector: 'colour', label: 'blue', score: expect.closeTo(sigmoid(-2), 5) },
    ]);
    expect(await scoresOf(detector, bands(40, 30, [BLUE]))).toEqual([
      ['red', Number(sigmoid(-2).toFixed(4))],
      ['blue', Number(sigmoid(2).toFixed(4))],
    ]);
    await detector.close();
  });

  it('batches images screened together and gives each its own scores', async () => {
    const detector = await OnnxDetector.load(config({ batchSize: 3, batchWaitMs: 20 }), model());
    const images = [RED, BLUE, GREY, RED, BLUE].map((c) => bands(20, 20, [c]));
    const results = await Promise.all(images.map((image) => scoresOf(detector, image)));
    expect(results.map((r) => r.map(([, s]) => s))).toEqual(
      [
        [2, -2],
        [-2, 2],
        [4 * (128 / 255) - 2, 4 * (128 / 255) - 2],
        [2, -2],
        [-2, 2],
      ].map((logits) => logits.map((l) => Number(sigmoid(l).toFixed(4)))),
    );
  });

  it('crops the centre, reads NHWC and BGR, normalises with mean and std, and applies softmax', async () => {
    const image = bands(300, 100, [RED, BLUE, RED]);
    const whole = await OnnxDetector.load(config({ output: 'probabilities' }), model());
    const center = await OnnxDetector.load(
      config({ crop: 'center', output: 'probabilities' }),
      model(),
    );
    const [wholeRed, centerBlue] = [
      (await detect(whole, image))[0].score,
      (await detect(center, image))[1].score,
    ];
    expect(wholeRed).toBeCloseTo(4 * (2 / 3) - 2, 1); // two thirds red
    expect(centerBlue).toBeCloseTo(1, 2); // clipped: 4·1 − 2 = 2 → 1
    // BGR order swaps red and blue; mean 0.5 and std 0.5 map 0…1 to −1…1.
    const bgr = await OnnxDetector.load(
      config({
        input: {
          width: 16,
          height: 16,
          layout: 'nhwc',
          channelOrder: 'bgr',
          mean: [0.5, 0.5, 0.5],
          std: [0.5, 0.5, 0.5],
        },
        output: 'softmax',
      }),
      model(true),
    );
    const [red, blue] = (await detect(bgr, bands(16, 16, [RED]))).map((s) => s.score);
    // Seen as B=1 → blue logit 4·1 − 2 = 2; R seen as −1 → red logit −6: softmax over (−6, 2).
    expect(blue).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(-6)), 5);
    expect(red + blue).toBeCloseTo(1, 6);
  });

  it('refuses a model whose outputs do not fit the labels, and bytes that are no model', async () => {
    await expect(OnnxDetector.load(config({ labels: ['a', 'b', 'c'] }), model())).rejects.toThrow(
      'detector "colour": the model gives 2 scores, but 3 labels are configured',
    );
    await expect(OnnxDetector.load(config(), new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /^detector "colour": cannot load the model/,
    );
  });
});

describe('OnnxDetector in face-crop mode', () => {
  it('scores each face region (with its margin) and keeps the highest; no face, no scores', async () => {
    // Left half red, right half blue; a "face" found in the middle of the blue half.
    const image = bands(200, 100, [RED, BLUE]);
    const boxes: Array<[number, number, number, number]> = [[130, 30, 40, 40]];
    const detector = await OnnxDetector.load(
      config({ crop: 'face', faceMargin: 0.25, output: 'probabilities' }),
      model(),
      async () => boxes,
    );
    expect(await detect(detector, image)).toEqual([
      { detector: 'colour', label: 'red', score: 0, evidence: 'highest of 1 face(s)' },
      {
        detector: 'colour',
        label: 'blue',
        score: expect.closeTo(1, 3),
        evidence: 'highest of 1 face(s)',
      },
    ]);
    // A second face over the red half: red now scores, from that face.
    boxes.push([20, 30, 40, 40]);
    expect(
      (await detect(detector, image)).map((s) => [s.label, Number(s.score.toFixed(3)), s.evidence]),
    ).toEqual([
      ['red', 1, 'highest of 2 face(s)'],
      ['blue', 1, 'highest of 2 face(s)'],
    ]);
    boxes.length = 0;
    expect(await detect(detector, image)).toEqual([]);
  });

  it('keeps a face box inside the image, and needs a face locator', async () => {
    const { faceRegion } = await import('./prepare-input.js');
    expect(faceRegion([190, 90, 20, 20], 0.5, { width: 200, height: 100 })).toEqual({
      left: 180,
      top: 80,
      width: 20,
      height: 20,
    });
    expect(faceRegion([500, 500, 10, 10], 0, { width: 200, height: 100 })).toBeNull();
    await expect(OnnxDetector.load(config({ crop: 'face' }), model())).rejects.toThrow(
      'detector "colour": face-crop mode needs the face detector',
    );
  });
});

describe('MicroBatcher', () => {
  it('runs full batches at once and the rest after the wait, in order', async () => {
    const runs: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        runs.push([...items]);
        return items.map((i) => i * 10);
      },
      2,
      5,
    );
    expect(await Promise.all([1, 2, 3].map((i) => batcher.submit(i)))).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2], [3]]);
    const failing = new MicroBatcher<number, number>(
      async () => Promise.reject(new Error('boom')),
      4,
      1,
    );
    await expect(failing.submit(1)).rejects.toThrow('boom');
  });
});

describe('HttpDetector', () => {
  let service: Server;
  let url = '';
  const seen: Array<{
    auth: string | undefined;
    body: { image: { mediaType: string; width: number } };
  }> = [];
  beforeAll(async () => {
    service = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers['authorization'], body: JSON.parse(body) });
        if (req.url === '/ok')
          res.end(
            JSON.stringify({
              scores: [
                { label: 'ai_generated', score: 0.7, evidence: 'model v3' },
                { label: 'other', score: 1 },
              ],
            }),
          );
        else if (req.url === '/nonsense')
          res.end(JSON.stringify({ scores: [{ label: 'x', score: 7 }] }));
        else if (req.url === '/slow')
          return; // never answers
        else res.writeHead(500).end();
      });
    });
    await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    service.closeAllConnections();
    service.close();
  });
  const warnings: string[] = [];
  const http = (path: string, extra: Record<string, unknown> = {}) =>
    new HttpDetector(
      {
        type: 'http',
        name: 'vendor',
        url: `${url}${path}`,
        labels: ['ai_generated'],
        // A ceiling a busy machine never reaches; the slow service's test sets a short one.
        timeoutMs: 30_000,
        headersFromEnv: { authorization: 'VENDOR_TOKEN' },
        maxSide: 64,
        ...extra,
      },
      { VENDOR_TOKEN: 'Bearer t0k' },
      { warn: (f) => warnings.push(String(f['error'])) },
    );

  it('sends a small JPEG with the configured header and keeps the labels it knows', async () => {
    expect(await detect(http('/ok'), bands(200, 100, [GREY]))).toEqual([
      { detector: 'vendor', label: 'ai_generated', score: 0.7, evidence: 'model v3' },
    ]);
    expect(seen.at(-1)).toMatchObject({
      auth: 'Bearer t0k',
      body: { image: { mediaType: 'image/jpeg', width: 64 } },
    });
  });

  it('gives no scores, and a warning, when the service fails, answers nonsense or is too slow', async () => {
    warnings.length = 0;
    for (const path of ['/fail', '/nonsense', '/slow'])
      expect(
        await detect(http(path, path === '/slow' ? { timeoutMs: 300 } : {}), bands(20, 20, [GREY])),
      ).toEqual([]);
    expect(warnings).toEqual([
      'the service answered 500',
      'the service answered something other than scores',
      'The operation was aborted due to timeout',
    ]);
  });

  it('needs the environment variables its headers name', () => {
    expect(
      () =>
        new HttpDetector(
          {
            type: 'http',
            name: 'v',
            url,
            labels: ['a'],
            timeoutMs: 100,
            headersFromEnv: { authorization: 'MISSING_TOKEN' },
            maxSide: 64,
          },
          {},
          { warn: () => undefined },
        ),
    ).toThrow('detector "v": the environment variable MISSING_TOKEN is not set');
  });
});

describe('loadModelDetectors', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-models-'));
    await writeFile(join(dir, 'colour.onnx'), model());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const load = async (json: unknown) => {
    const file = join(dir, 'detectors.json');
    await writeFile(file, typeof json === 'string' ? json : JSON.stringify(json));
    return loadModelDetectors(file, { env: {}, log: { warn: () => undefined } });
  };

  it('loads ONNX models (paths relative to the file) and HTTP services', async () => {
    const detectors = await load({
      detectors: [
        {
          type: 'onnx',
          name: 'colour',
          model: 'colour.onnx',
          labels: ['red', 'blue'],
          input: { width: 16, height: 16 },
        },
        {
          type: 'http',
          name: 'vendor',
          url: 'http://127.0.0.1:9/detect',
          labels: ['ai_generated'],
        },
      ],
    });
    expect(detectors.map((d) => [d.name, d.labels])).toEqual([
      ['colour', ['red', 'blue']],
      ['vendor', ['ai_generated']],
    ]);
  });

  it('names what is wrong with a bad file', async () => {
    await expect(load('{')).rejects.toThrow(/^model detectors file .*detectors\.json: /);
    await expect(load({ detectors: [{ type: 'tflite', name: 'x' }] })).rejects.toThrow(
      /detectors\.0\.type: /,
    );
    await expect(
      load({
        detectors: [
          {
            type: 'onnx',
            name: 'c',
            model: 'missing.onnx',
            labels: ['a'],
            input: { width: 16, height: 16 },
          },
        ],
      }),
    ).rejects.toThrow('detector "c": cannot load the model');
    const http = { type: 'http', name: 'same', url: 'http://127.0.0.1:9/', labels: ['a'] };
    await expect(load({ detectors: [http, http] })).rejects.toThrow(
      'detector "same" is named twice',
    );
  });
});
