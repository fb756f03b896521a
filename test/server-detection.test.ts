import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configurePlatform, createOrg, issueApiKey } from '@haechi/access';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app11Packets, manifestStore, withSegments } from '@haechi/testkit/provenance-fixtures';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import { meanColourModel } from '@haechi/testkit/tiny-onnx';

let dir: string;
let server: RunningServer;
let key = '';
let photo: Uint8Array;

async function screen(bytes: Uint8Array) {
  const response = await fetch(`${server.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
    body: Buffer.from(bytes),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-detection-'));
  const image = syntheticPhoto(320, 240, 11);
  photo = new Uint8Array(
    await sharp(image.data, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
  const stores = openEmbeddedStores(dir);
  const at = '2026-12-01T00:00:00.000Z';
  const org = await createOrg(stores.access, {
    name: 'webtoon',
    kind: 'platform',
    jurisdiction: 'KR',
    at,
  });
  // This platform sends every upload that declares an AI composite to the regulator.
  await configurePlatform(
    stores.access,
    org.id,
    {
      policy: {
        extraRules: [
          {
            id: 'any-declared-composite',
            description: 'an upload whose metadata declares an AI composite',
            when: [{ score: { detector: 'provenance', label: 'ai_composited', min: 0.8 } }],
            verdict: 'refer',
          },
        ],
      },
    },
    { at, actor: 'test' },
  );
  key = (await issueApiKey(stores.access, { orgId: org.id, label: 't', createdBy: 'test', at }))
    .key;
  await stores.close();
  // A model in the slot: a tiny ONNX classifier of how red an image is (benign, made by the test).
  await writeFile(
    join(dir, 'redness.onnx'),
    meanColourModel({ channels: 3, height: 32, width: 32, weights: [[8], [-4], [-4]], bias: [-3] }),
  );
  await writeFile(
    join(dir, 'detectors.json'),
    JSON.stringify({
      detectors: [
        {
          type: 'onnx',
          name: 'redness',
          model: 'redness.onnx',
          labels: ['red'],
          input: { width: 32, height: 32 },
          output: 'sigmoid',
        },
      ],
    }),
  );
  // No detectors option: the server registers what HAECHI_DETECTORS names (provenance by default)
  // and the models HAECHI_MODEL_DETECTORS configures.
  server = await startServer(
    loadConfig({
      HAECHI_DATA: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_MASTER_KEY: 'b'.repeat(64),
      HAECHI_MODEL_DETECTORS: join(dir, 'detectors.json'),
    }),
  );
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('detectors in screening', () => {
  it('returns the provenance evidence of an upload and the policy reason it fired', async () => {
    const composite = withSegments(
      photo,
      ...app11Packets(
        manifestStore(
          'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
          'FaceSwapper/1.0',
        ),
        60_000,
      ),
    );
    const answer = await screen(composite);
    expect(answer.status).toBe(200);
    expect(
      answer.body['scores'].filter((s: { detector: string }) => s.detector === 'provenance'),
    ).toEqual([
      {
        detector: 'provenance',
        label: 'ai_composited',
        score: 0.95,
        evidence:
          'C2PA manifest, action c2pa.created (claim generator FaceSwapper/1.0): digital source type compositeWithTrainedAlgorithmicMedia',
      },
    ]);
    expect(answer.body['verdict']).toBe('refer');
    expect(answer.body['reasons'].map((r: { rule: string }) => r.rule)).toEqual([
      'any-declared-composite',
    ]);
  });

  it('finds no provenance in an ordinary photo', async () => {
    const answer = await screen(photo);
    expect(answer.body['verdict']).toBe('allow');
    expect(
      answer.body['scores'].map((s: { detector: string; label: string }) => [s.detector, s.label]),
    ).toEqual([
      ['nudity', 'sexual'],
      ['nudity', 'suggestive'],
      ['redness', 'red'],
    ]);
    expect(answer.body['scores'][0].score).toBeLessThan(0.8);
  });

  it('runs the model in the slot on every upload', async () => {
    const solid = async (r: number, g: number, b: number) =>
      new Uint8Array(
        await sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
          .png()
          .toBuffer(),
      );
    const redness = async (r: number, g: number, b: number) =>
      (await screen(await solid(r, g, b))).body['scores'].filter(
        (s: { detector: string }) => s.detector === 'redness',
      );
    const red = await redness(255, 0, 0);
    const green = await redness(0, 255, 0);
    expect(red).toEqual([
      { detector: 'redness', label: 'red', score: expect.closeTo(1 / (1 + Math.exp(-5)), 4) },
    ]);
    expect(green).toEqual([
      { detector: 'redness', label: 'red', score: expect.closeTo(1 / (1 + Math.exp(7)), 4) },
    ]);
  });

  it('refuses an unknown detector name at start-up', async () => {
    await expect(
      startServer(
        loadConfig({ HAECHI_DATA: dir, PORT: '0', HAECHI_DETECTORS: 'provenance,oracle' }),
      ),
    ).rejects.toThrow(
      'configuration: HAECHI_DETECTORS: unknown detector "oracle" (known: provenance, nudity, face)',
    );
  });
});
