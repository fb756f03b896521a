import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarAtFar, type DetectorImage } from '@haechi/core';
import { decodeImage } from '@haechi/media';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import { FaceDetector, FACE_MATCH_THRESHOLD, faceScore } from './face-detector.js';
import {
  FACE_EMBEDDING_LENGTH,
  FACE_INPUT_MAX_SIDE,
  FaceEmbedder,
  lazyFaceLocator,
} from './face-embedder.js';
import { meanColourModel } from '@haechi/testkit/tiny-onnx';
import { ZOnnxDetectorConfig } from '../model/model-config.js';
import { OnnxDetector } from '../model/onnx-detector.js';
import { FaceIndex, cosineSimilarity } from './face-index.js';
import { FaceEmbedderThread } from './face-embedder-thread.js';

describe('FaceIndex', () => {
  it('finds the most similar enrolled face by cosine similarity', () => {
    const index = new FaceIndex(3);
    index.add(7, [1, 0, 0]);
    index.add(9, [0, 2, 0]);
    expect(index.nearest(Float32Array.from([0, 5, 1]))).toEqual({
      owner: 9,
      similarity: expect.closeTo(5 / Math.sqrt(26), 6),
    });
    expect(cosineSimilarity(Float32Array.from([1, 1]), Float32Array.from([-1, -1]))).toBeCloseTo(
      -1,
      6,
    );
    expect(new FaceIndex(3).nearest(Float32Array.from([1, 0, 0]))).toBeNull();
  });

  it('refuses vectors of the wrong length, zero or not finite', () => {
    const index = new FaceIndex(3);
    expect(() => index.add(1, [1, 2])).toThrow('a face embedding has 3 values, not 2');
    expect(() => index.add(1, [0, 0, 0])).toThrow(
      'a face embedding must be finite and not all zero',
    );
    expect(() => index.add(1, [1, Number.NaN, 0])).toThrow('must be finite');
  });

  it('maps similarity to a score with the threshold at 0.5', () => {
    expect([
      faceScore(FACE_MATCH_THRESHOLD),
      faceScore(1),
      faceScore(0),
      faceScore(-0.3),
      faceScore(FACE_MATCH_THRESHOLD / 2),
    ]).toEqual([0.5, 1, 0, 0, 0.25]);
  });
});

describe.skipIf(!hasSharedTestdata)(
  'FaceEmbedder and FaceDetector on ../shared/testdata/faces',
  () => {
    let embedder: FaceEmbedder;
    const people = new Map<string, Float32Array[]>();
    beforeAll(async () => {
      embedder = await FaceEmbedder.load();
      const dir = join(SHARED_TESTDATA, 'faces');
      for (const person of readdirSync(dir).sort())
        for (const file of readdirSync(join(dir, person)).sort()) {
          const image = (await decodeImage(
            new Uint8Array(readFileSync(join(dir, person, file))),
          )) as DetectorImage;
          const faces = await embedder.embed(image);
          if (faces[0]) people.set(person, [...(people.get(person) ?? []), faces[0].embedding]);
        }
    });

    it('finds a face of 1024 values in every photo', () => {
      expect([...people.values()].reduce((n, list) => n + list.length, 0)).toBe(40);
      for (const list of people.values())
        for (const e of list) expect(e.length).toBe(FACE_EMBEDDING_LENGTH);
    });

    it('matches the same person across photos and not different people, at the calibrated threshold', () => {
      const same: number[] = [];
      const different: number[] = [];
      const all = [...people.entries()];
      for (const [a, listA] of all)
        for (const [b, listB] of all)
          for (const [i, x] of listA.entries())
            for (const [j, y] of listB.entries()) {
              if (a === b && i < j) same.push(cosineSimilarity(x, y));
              if (a < b) different.push(cosineSimilarity(x, y));
            }
      const tar = same.filter((s) => s >= FACE_MATCH_THRESHOLD).length / same.length;
      const far = different.filter((s) => s >= FACE_MATCH_THRESHOLD).length / different.length;
      const at1 = tarAtFar(same, different, 0.01);
      console.log(
        `faces: ${same.length} same-person and ${different.length} different-person pairs; at ${FACE_MATCH_THRESHOLD}: TAR ${tar.toFixed(3)}, FAR ${far.toFixed(4)}; TAR at FAR 1%: ${at1.tar.toFixed(3)}`,
      );
      expect([same.length, different.length]).toEqual([60, 720]);
      // Calibrated on faces-calib (other people): here 43 of 60 and 0 of 720 (README).
      expect(tar).toBeGreaterThanOrEqual(0.65);
      expect(far).toBeLessThanOrEqual(0.002);
    });

    it('sees a bounded copy of a huge image: the same face, its box in the given pixels', async () => {
      const dir = join(
        SHARED_TESTDATA,
        'faces',
        readdirSync(join(SHARED_TESTDATA, 'faces')).sort()[0],
      );
      const bytes = new Uint8Array(readFileSync(join(dir, readdirSync(dir).sort()[0])));
      const photo = (await decodeImage(bytes)) as DetectorImage;
      const factor = Math.ceil((FACE_INPUT_MAX_SIDE * 2) / Math.max(photo.width, photo.height));
      const { data, info } = await sharp(bytes)
        .resize(photo.width * factor, photo.height * factor)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const huge = { data, width: info.width, height: info.height, channels: 3 } as DetectorImage;
      const [small] = await embedder.embed(photo);
      const [big] = await embedder.embed(huge);
      expect(Math.max(huge.width, huge.height)).toBeGreaterThan(2 * FACE_INPUT_MAX_SIDE - factor);
      expect(cosineSimilarity(small.embedding, big.embedding)).toBeGreaterThan(
        FACE_MATCH_THRESHOLD,
      );
      // The box is in the huge image's pixels: about `factor` times the photo's.
      expect(big.box[2] / small.box[2]).toBeGreaterThan(factor * 0.8);
      expect(big.box[2] / small.box[2]).toBeLessThan(factor * 1.2);
      // A one-colour image at the pixel limit costs a resize, not a full-size tensor.
      const blank = {
        data: new Uint8Array(8000 * 8000 * 3).fill(200),
        width: 8000,
        height: 8000,
        channels: 3,
      } as DetectorImage;
      expect(await embedder.embed(blank)).toEqual([]);
    });

    it('scores a new photo of an enrolled person as her, and other people and faceless images not', async () => {
      const [[victim, photos], ...others] = [...people.entries()];
      const index = new FaceIndex(FACE_EMBEDDING_LENGTH);
      // She enrols three photos of herself (as the enrolment page asks); a fourth is then screened.
      for (const embedding of photos.slice(0, 3)) index.add(1, embedding);
      const detector = new FaceDetector(embedder, async () => index);
      const dir = join(SHARED_TESTDATA, 'faces', victim);
      const fourth = readdirSync(dir).sort()[3];
      const herAgain = (await decodeImage(
        new Uint8Array(readFileSync(join(dir, fourth))),
      )) as DetectorImage;
      const [score] = await detector.detect({ image: herAgain, mediaType: 'image' });
      expect(score).toMatchObject({ detector: 'face', label: 'enrolled_victim' });
      expect(score.score).toBeGreaterThanOrEqual(0.5);
      expect(score.evidence).toMatch(
        /^\d face\(s\); the closest enrolled face has cosine similarity 0\.\d{3} \(match from 0\.632\)$/,
      );
      const otherDir = join(SHARED_TESTDATA, 'faces', others[0][0]);
      const someoneElse = (await decodeImage(
        new Uint8Array(readFileSync(join(otherDir, readdirSync(otherDir).sort()[0]))),
      )) as DetectorImage;
      expect(
        (await detector.detect({ image: someoneElse, mediaType: 'image' }))[0].score,
      ).toBeLessThan(0.5);
      const landscape = syntheticPhoto(320, 240, 3) as DetectorImage;
      expect(await embedder.embed(landscape)).toEqual([]);
      expect(await detector.detect({ image: landscape, mediaType: 'image' })).toEqual([]);
      expect(
        await new FaceDetector(embedder, async () => new FaceIndex(FACE_EMBEDDING_LENGTH)).detect({
          image: herAgain,
          mediaType: 'image',
        }),
      ).toEqual([]);
    });

    it("runs the model slot's face-crop mode on the faces Human finds", async () => {
      const detector = await OnnxDetector.load(
        ZOnnxDetectorConfig.parse({
          type: 'onnx',
          name: 'deepfake',
          model: 'm.onnx',
          labels: ['fake'],
          input: { width: 32, height: 32 },
          crop: 'face',
          output: 'sigmoid',
        }),
        meanColourModel({
          channels: 3,
          height: 32,
          width: 32,
          weights: [[1], [1], [1]],
          bias: [-1.5],
        }),
        lazyFaceLocator(),
      );
      const dir = join(SHARED_TESTDATA, 'faces', [...people.keys()][0]);
      const face = (await decodeImage(
        new Uint8Array(readFileSync(join(dir, readdirSync(dir).sort()[0]))),
      )) as DetectorImage;
      const [score] = await detector.detect({ image: face, mediaType: 'image' });
      expect(score).toMatchObject({ detector: 'deepfake', label: 'fake' });
      expect(score.evidence).toMatch(/^highest of \d face\(s\)$/);
      const landscape = syntheticPhoto(320, 240, 3) as DetectorImage;
      expect(await detector.detect({ image: landscape, mediaType: 'image' })).toEqual([]);
    });
  },
);

describe.skipIf(!hasSharedTestdata)('FaceEmbedderThread', () => {
  it('finds the same faces as the embedder in this thread, from its own thread', async () => {
    const dir = join(SHARED_TESTDATA, 'faces');
    const person = readdirSync(dir).sort()[0];
    const image = (await decodeImage(
      new Uint8Array(readFileSync(join(dir, person, readdirSync(join(dir, person)).sort()[0]))),
    )) as DetectorImage;
    const here = await FaceEmbedder.load();
    const thread = await FaceEmbedderThread.start();
    try {
      const [mine] = await here.embed(image);
      const [theirs] = await thread.embed(image);
      expect(theirs.box).toEqual(mine.box);
      expect(cosineSimilarity(theirs.embedding, mine.embedding)).toBeGreaterThan(0.999);
      // Several at once are answered each with its own faces.
      const landscape = syntheticPhoto(320, 240, 3) as DetectorImage;
      const answers = await Promise.all([thread.embed(image), thread.embed(landscape)]);
      expect(answers.map((faces) => faces.length)).toEqual([1, 0]);
    } finally {
      await thread.close();
    }
  });
});
