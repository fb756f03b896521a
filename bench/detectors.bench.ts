import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Detector, DetectorImage } from '@haechi/core';
import {
  FACE_EMBEDDING_LENGTH,
  FaceDetector,
  FaceEmbedder,
  FaceIndex,
  NudityDetector,
  OnnxDetector,
  ProvenanceDetector,
  ZOnnxDetectorConfig,
} from '@haechi/detection';
import { decodeImage } from '@haechi/media';
import { meanColourModel } from '@haechi/testkit/tiny-onnx';
import { measureMs, ms, printTable, ratio } from './lib/measure.js';

/**
 * Each detector's latency per image on the photos (median, one image at a time, and per image in
 * batches of 8 screened together), against decoding the same JPEG, measured in the same run.
 */
export async function benchDetectors(photosDir: string): Promise<void> {
  const names = (await readdir(photosDir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const files = await Promise.all(
    names.map(async (n) => new Uint8Array(await readFile(join(photosDir, n)))),
  );
  const images = await Promise.all(files.map(async (f) => (await decodeImage(f)) as DetectorImage));
  const onnx = await OnnxDetector.load(
    ZOnnxDetectorConfig.parse({
      type: 'onnx',
      name: 'tiny',
      model: 'tiny.onnx',
      labels: ['a', 'b'],
      input: { width: 224, height: 224 },
    }),
    meanColourModel({
      channels: 3,
      height: 224,
      width: 224,
      weights: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      bias: [0, 0],
    }),
  );
  const detectors: Array<[string, Detector]> = [
    ['provenance (metadata)', new ProvenanceDetector()],
    ['nudity (nsfwjs MobileNetV2, WebAssembly)', await NudityDetector.load()],
    ['ONNX slot (224×224 input, tiny model: preprocessing cost)', onnx],
    ['face (BlazeFace + faceres, against 1,000 enrolled faces)', await faceDetector()],
  ];
  let next = 0;
  const one = () => {
    const i = next++ % files.length;
    return { image: images[i], bytes: files[i] as Uint8Array, mediaType: 'image' };
  };
  // Fresh byte arrays, so the provenance detector's per-file cache does not answer.
  const fresh = () => {
    const input = one();
    return { ...input, bytes: new Uint8Array(input.bytes) };
  };
  const decode = await measureMs(() => decodeImage(files[next++ % files.length]), {
    minSamples: 30,
  });
  const rows = [['decode the JPEG (baseline)', ms(decode), '', ratio(1)]];
  for (const [label, detector] of detectors) {
    const single = await measureMs(() => detector.detect(fresh()), { minSamples: 30 });
    const batched =
      (await measureMs(
        () => Promise.all(Array.from({ length: 8 }, () => detector.detect(fresh()))),
        {
          minSamples: 5,
        },
      )) / 8;
    rows.push([label, ms(single), ms(batched), ratio(single / decode)]);
  }
  printTable(
    `Detectors per image (${files.length} photos, 481×321 JPEG, 2 threads)`,
    ['detector', 'ms/image, one at a time', 'ms/image, 8 together', 'one vs decode'],
    rows,
  );
  await onnx.close();
}

/** The face detector with 1,000 enrolled (random) faces, so every image is embedded and searched. */
async function faceDetector(): Promise<Detector> {
  const index = new FaceIndex(FACE_EMBEDDING_LENGTH);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  for (let i = 0; i < 1000; i++)
    index.add(i, Array.from({ length: FACE_EMBEDDING_LENGTH }, random));
  return new FaceDetector(await FaceEmbedder.load(), async () => index);
}
