import type { ScreeningRecord, SealedMedia } from '@haechi/core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addPlatform, useStores } from './test-stores.js';

const AT = '2026-12-04T09:00:00.000Z';

const record = (id: string, orgId: number): ScreeningRecord => ({
  id,
  orgId,
  contentId: null,
  url: null,
  verdict: 'hold',
  mediaKind: 'image',
  status: 'pending_review',
  evidence: { reasons: [] },
  createdAt: AT,
});
const media = (screeningId: string): SealedMedia => ({
  id: `med_${screeningId}`,
  screeningId,
  sha256: 'a'.repeat(64),
  contentType: 'image/jpeg',
  size: 3,
  keyWrapped: 'v1.k.x.y.z',
  iv: new Uint8Array(12),
  tag: new Uint8Array(16),
  ciphertext: new Uint8Array([1, 2, 3]),
  createdAt: AT,
  purgedAt: null,
});

describe.each(BACKENDS)('holding an upload on $name', (backend) => {
  const stores = useStores(backend);

  it('writes the record, its sealed media and its review item together', async () => {
    const org = await addPlatform(stores(), 'p', AT);
    await stores().screenings.saveScreening(record('scr_a', org.id), 'key:1', {
      media: media('scr_a'),
      reviewItem: {
        kind: 'held_screening',
        platformOrgId: org.id,
        screeningId: 'scr_a',
        noticeId: null,
        dueAt: AT,
        createdAt: AT,
      },
    });
    expect((await stores().screenings.getScreening('scr_a'))?.status).toBe('pending_review');
    expect((await stores().evidence.getMediaOfScreening('scr_a'))?.size).toBe(3);
    expect(
      (await stores().review.listItems({ screeningId: 'scr_a', limit: 5 })).map((i) => i.kind),
    ).toEqual(['held_screening']);
    await stores().screenings.markReviewed('scr_a');
    expect((await stores().screenings.getScreening('scr_a'))?.status).toBe('final');
  });

  it('writes none of them when one fails', async () => {
    const org = await addPlatform(stores(), 'p', AT);
    await expect(
      stores().screenings.saveScreening(record('scr_b', org.id), 'key:1', {
        media: media('scr_b'),
        reviewItem: {
          kind: 'held_screening',
          platformOrgId: org.id + 100, // no such organisation
          screeningId: 'scr_b',
          noticeId: null,
          dueAt: AT,
          createdAt: AT,
        },
      }),
    ).rejects.toThrow();
    expect(await stores().screenings.getScreening('scr_b')).toBeNull();
    expect(await stores().evidence.getMediaOfScreening('scr_b')).toBeNull();
  });
});

describe.each(BACKENDS)(
  'completing an upload whose detectors ran after its answer, on $name',
  (backend) => {
    const stores = useStores(backend);
    const detecting = (id: string, orgId: number, createdAt = AT): ScreeningRecord => ({
      ...record(id, orgId),
      verdict: 'allow',
      status: 'detecting',
      evidence: { reasons: [] },
      createdAt,
    });

    it('writes the outcome once, with its audit entry and its hold', async () => {
      const org = await addPlatform(stores(), 'p', AT);
      await stores().screenings.saveScreening(detecting('scr_d', org.id), 'key:1');
      const outcome = {
        verdict: 'hold' as const,
        status: 'pending_review' as const,
        evidence: {
          scores: [{ detector: 'nudity', label: 'sexual', score: 0.9 }],
          reasons: [],
          jurisdiction: 'KR',
        },
      };
      const hold = {
        media: media('scr_d'),
        reviewItem: {
          kind: 'held_screening' as const,
          platformOrgId: org.id,
          screeningId: 'scr_d',
          noticeId: null,
          dueAt: AT,
          createdAt: AT,
        },
      };
      expect(await stores().screenings.completeDetection('scr_d', outcome, hold, AT)).toBe(true);
      expect(await stores().screenings.getScreening('scr_d')).toMatchObject({
        verdict: 'hold',
        status: 'pending_review',
        evidence: outcome.evidence,
      });
      expect((await stores().evidence.getMediaOfScreening('scr_d'))?.size).toBe(3);
      expect(
        (await stores().review.listItems({ screeningId: 'scr_d', limit: 5 })).map((i) => i.kind),
      ).toEqual(['held_screening']);
      const entries = await stores().audit.list({ afterSeq: 0, limit: 100, objectId: 'scr_d' });
      expect(entries.map((e) => [e.action, e.details])).toEqual([
        ['screening.recorded', { orgId: org.id, verdict: 'allow', mediaKind: 'image' }],
        ['screening.detected', { orgId: org.id, from: 'allow', verdict: 'hold' }],
        ['media.retained', expect.anything()],
      ]);
      // Once: a second outcome (another process's, say) changes nothing.
      expect(
        await stores().screenings.completeDetection('scr_d', {
          ...outcome,
          verdict: 'block',
          status: 'final',
        }),
      ).toBe(false);
      expect((await stores().screenings.getScreening('scr_d'))?.verdict).toBe('hold');
    });

    it('lists only detecting records older than the cut-off, oldest first', async () => {
      const org = await addPlatform(stores(), 'p', AT);
      await stores().screenings.saveScreening(
        detecting('scr_new', org.id, '2026-12-04T09:10:00.000Z'),
      );
      await stores().screenings.saveScreening(
        detecting('scr_old2', org.id, '2026-12-04T08:59:00.000Z'),
      );
      await stores().screenings.saveScreening(
        detecting('scr_old1', org.id, '2026-12-04T08:58:00.000Z'),
      );
      await stores().screenings.saveScreening(record('scr_held', org.id));
      const stale = await stores().screenings.listStaleDetections('2026-12-04T09:05:00.000Z', 10);
      expect(stale.map((r) => r.id)).toEqual(['scr_old1', 'scr_old2']);
      await stores().screenings.completeDetection('scr_old1', {
        verdict: 'allow',
        status: 'final',
        evidence: { reasons: [] },
      });
      expect(
        (await stores().screenings.listStaleDetections('2026-12-04T09:05:00.000Z', 10)).map(
          (r) => r.id,
        ),
      ).toEqual(['scr_old2']);
    });
  },
);
