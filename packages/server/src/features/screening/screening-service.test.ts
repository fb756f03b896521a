import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '@haechi/access';
import { BankMatcher, ensureBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { createLogger } from '../../logging/logger.js';
import { createOutboundFetch } from '../../services/outbound/outbound-fetch.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { WebhookSender } from '../webhooks/webhook-sender.js';
import {
  AsyncDetection,
  DETECTORS_IN_REQUEST_ONLY,
  type DetectionTier,
} from './async-detection.js';
import { BankDirectory } from './bank-directory.js';
import { imageHasherPool } from './image-hasher.js';
import { runDetectors } from './run-detectors.js';
import { ScreeningService } from './screening-service.js';

const AT = '2026-11-25T06:00:00.000Z';

/**
 * Detector output fixed by the test: the real detectors (nudity, faces, synthetic media) come with
 * the detection issue; this checks how screening combines whatever scores a detector gives.
 */
class FixedScores implements Detector {
  readonly labels: readonly string[];
  seen = 0;
  constructor(
    readonly name: string,
    private readonly scores: ReadonlyArray<readonly [string, number]>,
  ) {
    this.labels = scores.map(([label]) => label);
  }
  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    this.seen += input.image.width > 0 ? 1 : 0;
    return this.scores.map(([label, score]) => ({ detector: this.name, label, score }));
  }
}

// The server's own worker threads (the built code), as in production.
const images = imageHasherPool(1);
afterAll(() => images.close());

let dir: string;
let stores: EmbeddedStores;
let matcher: BankMatcher;
let jpeg: Uint8Array;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-screening-'));
  stores = openEmbeddedStores(dir);
  matcher = await BankMatcher.open(stores.banks);
  await createOrg(stores.access, { name: 'p', kind: 'platform', jurisdiction: 'KR', at: AT });
  await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
  const image = syntheticImage(200, 150, 4);
  jpeg = new Uint8Array(
    await sharp(image.data, { raw: { width: 200, height: 150, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const service = (detectors: Detector[], detection: DetectionTier = DETECTORS_IN_REQUEST_ONLY) =>
  new ScreeningService({
    access: stores.access,
    screenings: stores.screenings,
    matcher,
    directory: new BankDirectory(stores.banks),
    detectors,
    limits: { image: {}, video: {} },
    images,
    now: () => new Date(AT),
    // A held upload's review item, written with its record (media retention is tested with the
    // evidence service).
    detection,
    holds: {
      prepare: (record) => ({
        media: null,
        reviewItem:
          record.verdict === 'block'
            ? null
            : {
                kind: record.verdict === 'hold' ? 'held_screening' : 'referred_screening',
                platformOrgId: record.orgId,
                screeningId: record.id,
                noticeId: null,
                dueAt: AT,
                createdAt: AT,
              },
      }),
    },
  });

describe('ScreeningService with detector scores', () => {
  it('holds an upload the policy flags from scores, and stores it for review', async () => {
    const face = new FixedScores('face', [['enrolled_victim', 0.7]]);
    const nudity = new FixedScores('nudity', [['sexual', 0.9]]);
    const result = await service([face, nudity]).screen({
      orgId: 1,
      media: { bytes: jpeg },
      contentId: 'x',
    });
    expect([result.verdict, result.reasons.map((r) => r.rule)]).toEqual([
      'hold',
      ['victim-face-sexual'],
    ]);
    expect([face.seen, nudity.seen]).toEqual([1, 1]);
    const stored = await stores.screenings.getScreening(result.id!);
    expect(stored).toMatchObject({
      orgId: 1,
      contentId: 'x',
      verdict: 'hold',
      status: 'pending_review',
      mediaKind: 'image',
    });
    // Held: a reviewer who confirms it enrols its crops, hashed now.
    expect(stored!.evidence.hashes?.crops?.map((c) => c.crop)).toEqual([
      'centre-90',
      'centre-80',
      'left-90',
      'right-90',
      'top-90',
      'bottom-90',
    ]);
    expect(stored!.evidence['scores']).toEqual([
      { detector: 'face', label: 'enrolled_victim', score: 0.7 },
      { detector: 'nudity', label: 'sexual', score: 0.9 },
    ]);
    // Its review item was written with it.
    expect(
      (await stores.review.listItems({ screeningId: result.id!, limit: 5 })).map((i) => i.kind),
    ).toEqual(['held_screening']);
  });

  it('writes nothing of a hold when its review item cannot be written (one transaction)', async () => {
    const face = new FixedScores('face', [['enrolled_victim', 0.7]]);
    const nudity = new FixedScores('nudity', [['sexual', 0.9]]);
    const broken = new ScreeningService({
      access: stores.access,
      screenings: stores.screenings,
      matcher,
      directory: new BankDirectory(stores.banks),
      detectors: [face, nudity],
      limits: { image: {}, video: {} },
      images,
      now: () => new Date(AT),
      detection: DETECTORS_IN_REQUEST_ONLY,
      holds: {
        // A review item for an organisation that does not exist: its insert fails.
        prepare: (record) => ({
          media: null,
          reviewItem: {
            kind: 'held_screening',
            platformOrgId: 999,
            screeningId: record.id,
            noticeId: null,
            dueAt: AT,
            createdAt: AT,
          },
        }),
      },
    });
    await expect(broken.screen({ orgId: 1, media: { bytes: jpeg } })).rejects.toThrow();
    expect(await stores.screenings.listScreenings(1, { limit: 10 })).toEqual([]);
  });

  it('refers an ambiguous synthetic score and allows low scores without storing anything', async () => {
    const ambiguous = await service([
      new FixedScores('synthetic', [['ai_generated', 0.6]]),
      new FixedScores('nudity', [['sexual', 0.95]]),
    ]).screen({ orgId: 1, media: { bytes: jpeg } });
    expect(ambiguous.verdict).toBe('refer');
    const low = await service([new FixedScores('nudity', [['sexual', 0.1]])]).screen({
      orgId: 1,
      media: { bytes: jpeg },
    });
    expect([low.verdict, low.id]).toEqual(['allow', null]);
    expect(await stores.screenings.listScreenings(1, { limit: 10 })).toHaveLength(1);
  });

  it('screens only for platforms', async () => {
    await expect(
      service([]).screen({ orgId: 2, hashes: { md5: '0'.repeat(32) } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('runDetectors', () => {
  it('keeps the highest score per detector and label across video frames', async () => {
    let call = 0;
    const rising: Detector = {
      name: 'nudity',
      labels: ['sexual'],
      detect: async () => [
        { detector: 'nudity', label: 'sexual', score: [0.2, 0.9, 0.4][call++] ?? 0 },
      ],
    };
    const frame = { width: 2, height: 2, channels: 3 as const, data: new Uint8Array(12) };
    expect(await runDetectors([rising], [frame, frame, frame], new Uint8Array())).toEqual([
      { detector: 'nudity', label: 'sexual', score: 0.9 },
    ]);
    expect(await runDetectors([], [frame], new Uint8Array())).toEqual([]);
  });

  it("says where in a video a label holds: an enrolled face's segments, best score each", async () => {
    const scores = [0.2, 0.7, 0.9, 0.3, 0.6, 0.1];
    let call = 0;
    const face: Detector = {
      name: 'face',
      labels: ['enrolled_victim'],
      detect: async () => [
        { detector: 'face', label: 'enrolled_victim', score: scores[call++] ?? 0 },
      ],
    };
    const frame = { width: 2, height: 2, channels: 3 as const, data: new Uint8Array(12) };
    const times = [0, 1, 2, 2.5, 3.5, 4.5];
    expect(
      await runDetectors(
        [face],
        times.map(() => frame),
        new Uint8Array(),
        times,
      ),
    ).toEqual([
      {
        detector: 'face',
        label: 'enrolled_victim',
        score: 0.9,
        segments: [
          { startSec: 1, endSec: 2.5, score: 0.9 },
          { startSec: 3.5, endSec: 4.5, score: 0.6 },
        ],
      },
    ]);
  });
});

describe('the detectors after the answer (detectors: "async")', () => {
  const tier = (detectors: Detector[], maxPending = 8) =>
    new AsyncDetection({
      detectors,
      screenings: stores.screenings,
      holds: { prepare: () => ({ media: null, reviewItem: null }) },
      jobs: stores.jobs,
      webhooks: new WebhookSender({
        access: stores.access,
        sealer: new Sealer(randomBytes(32)),
        fetch: createOutboundFetch({ allowPrivate: false }),
        now: () => new Date(AT),
      }),
      logger: createLogger('silent'),
      now: () => new Date(AT),
      maxPending,
      staleAfterMs: 60_000,
    });
  const flagged = () => [
    new FixedScores('synthetic', [['ai_generated', 0.9]]),
    new FixedScores('nudity', [['sexual', 0.9]]),
  ];

  it('runs the detectors in the request when its queue is full, never losing them', async () => {
    const detectors = flagged();
    const result = await service(detectors, tier(detectors, 0)).screen({
      orgId: 1,
      media: { bytes: jpeg },
      detectors: 'async',
    });
    expect([result.verdict, result.detectors]).toEqual(['hold', 'done']);
    expect((await stores.screenings.getScreening(result.id!))?.status).toBe('pending_review');
  });

  it('lets a verdict of the hashes stand without running the detectors', async () => {
    const decoded = await decodeImage(jpeg);
    await ensureBank(stores.banks, { name: 'confirmed', description: 'c', createdBy: 't', at: AT });
    await importHashList(stores.banks, {
      bank: 'confirmed',
      lines: [formatHash256(computePdq(decoded).hash)],
      source: 't',
      addedBy: 't',
      at: AT,
    });
    await matcher.catchUp();
    const detectors = flagged();
    const detection = tier(detectors);
    const result = await service(detectors, detection).screen({
      orgId: 1,
      media: { bytes: jpeg },
      detectors: 'async',
    });
    expect([result.verdict, result.detectors, result.scores]).toEqual(['block', 'skipped', []]);
    await detection.idle();
    expect(detectors.map((d) => d.seen)).toEqual([0, 0]);
    const stored = await stores.screenings.getScreening(result.id!);
    expect(stored?.status).toBe('final');
    // Blocked: it matched a confirmed entry, whose crops are banked; none are hashed for it.
    expect(stored?.evidence.hashes?.crops).toBeUndefined();
  });

  it('completes records whose detectors were lost with the verdict of their hashes', async () => {
    const detection = tier(flagged());
    await stores.screenings.saveScreening({
      id: 'scr_lost',
      orgId: 1,
      contentId: null,
      url: null,
      verdict: 'allow',
      mediaKind: 'image',
      status: 'detecting',
      evidence: { reasons: [], jurisdiction: 'KR' },
      createdAt: '2026-11-25T05:58:00.000Z', // two minutes before the clock: past the minute allowed
    });
    await stores.screenings.saveScreening({
      id: 'scr_running',
      orgId: 1,
      contentId: null,
      url: null,
      verdict: 'allow',
      mediaKind: 'image',
      status: 'detecting',
      evidence: { reasons: [] },
      createdAt: AT,
    });
    expect(await detection.sweep()).toBe(1);
    expect(await stores.screenings.getScreening('scr_lost')).toMatchObject({
      verdict: 'allow',
      status: 'final',
      evidence: { reasons: [], jurisdiction: 'KR', detectorsLost: true },
    });
    expect((await stores.screenings.getScreening('scr_running'))?.status).toBe('detecting');
  });
});
