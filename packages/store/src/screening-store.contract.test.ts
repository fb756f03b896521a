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
