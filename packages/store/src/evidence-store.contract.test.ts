import type { EvidenceRecord, Org, SealedMedia } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addHeldScreenings, addPlatform, useStores, type TestStores } from './test-stores.js';

const T = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour)).toISOString();

describe.each(BACKENDS)('the evidence store on $name', (backend) => {
  const current = useStores(backend);
  let stores: TestStores;
  let platform: Org;
  beforeEach(async () => {
    stores = current();
    platform = await addPlatform(stores, 'clip-site', T(0));
    await addHeldScreenings(stores, platform, ['scr_a', 'scr_b'], T(0));
  });

  const media = (id: string, screeningId: string): SealedMedia => ({
    id,
    screeningId,
    sha256: 'ab'.repeat(32),
    contentType: 'image/jpeg',
    size: 5,
    keyWrapped: 'v1.k1.wrapped',
    iv: Uint8Array.from({ length: 12 }, (_, i) => i),
    tag: Uint8Array.from({ length: 16 }, (_, i) => 255 - i),
    ciphertext: Uint8Array.from([0, 1, 2, 254, 255]),
    createdAt: T(1),
    purgedAt: null,
  });
  const record = (id: string, mediaId: string | null, subjectId: string, hour: number) =>
    ({
      id,
      subjectType: 'screening',
      subjectId,
      reason: 'review_remove',
      platformOrgId: platform.id,
      caseId: null,
      facts: { pdq: ['f'.repeat(64)], decidedBy: 'user:3', 한글: '증거' },
      factsDigest: 'cd'.repeat(32),
      mediaId,
      createdAt: T(hour),
      createdBy: 'user:3',
    }) satisfies EvidenceRecord;

  it('keeps sealed bytes exactly, once per screening, and purges them to an empty history row', async () => {
    await stores.evidence.saveMedia(media('med_a', 'scr_a'), 'system');
    await stores.evidence.saveMedia({ ...media('med_a2', 'scr_a'), size: 9 }, 'system'); // ignored
    const kept = await stores.evidence.getMedia('med_a');
    expect(kept).toEqual(media('med_a', 'scr_a'));
    expect(Buffer.from(kept!.ciphertext).toString('hex')).toBe('000102feff');
    expect(await stores.evidence.getMediaOfScreening('scr_a')).toEqual(kept);
    expect(await stores.evidence.getMedia('med_a2')).toBeNull();
    await stores.evidence.recordMediaView(kept!, { at: T(2), actor: 'user:3' });
    await stores.evidence.purgeMedia('med_a', { at: T(3), actor: 'user:3', reason: 'restored' });
    await stores.evidence.purgeMedia('med_a', { at: T(4), actor: 'user:3', reason: 'again' });
    const purged = await stores.evidence.getMedia('med_a');
    expect([purged?.ciphertext.length, purged?.purgedAt, purged?.sha256]).toEqual([
      0,
      T(3),
      'ab'.repeat(32),
    ]);
    const audit = await stores.audit.list({ afterSeq: 0, limit: 10, objectId: 'scr_a' });
    expect(
      audit
        .filter((a) => a.action.startsWith('media.'))
        .map((a) => [a.action, a.afterDigest, a.details['reason'] ?? null]),
    ).toEqual([
      ['media.retained', 'ab'.repeat(32), null],
      ['media.viewed', 'ab'.repeat(32), null],
      ['media.purged', null, 'restored'],
    ]);
  });

  it('fixes a record once, refuses to purge what it preserves, and lists newest first', async () => {
    await stores.evidence.saveMedia(media('med_b', 'scr_b'), 'system');
    const fixed = await stores.evidence.createRecord(record('ev_1', 'med_b', 'scr_b', 5));
    expect(fixed).toEqual(record('ev_1', 'med_b', 'scr_b', 5));
    expect(await stores.evidence.createRecord(record('ev_2', null, 'scr_b', 6))).toBeNull();
    expect(await stores.evidence.getRecord('ev_1')).toEqual(fixed);
    expect(await stores.evidence.getRecordOfSubject('screening', 'scr_b')).toEqual(fixed);
    await expect(
      stores.evidence.purgeMedia('med_b', { at: T(6), actor: 'user:3', reason: 'restored' }),
    ).rejects.toThrow('preserved media cannot be purged');
    expect((await stores.evidence.getMedia('med_b'))?.ciphertext.length).toBe(5);

    await stores.evidence.createRecord(record('ev_3', null, 'scr_a', 7));
    const ids = (options: { limit: number; before?: string }) =>
      stores.evidence.listRecords(options).then((rs) => rs.map((r) => r.id));
    expect(await ids({ limit: 10 })).toEqual(['ev_3', 'ev_1']);
    expect(await ids({ limit: 10, before: T(7) })).toEqual(['ev_1']);

    await stores.evidence.recordExport('ev_1', {
      at: T(8),
      actor: 'user:9',
      manifestDigest: 'ee'.repeat(32),
      withMedia: true,
    });
    const audit = await stores.audit.list({ afterSeq: 0, limit: 10, objectType: 'evidence' });
    expect(audit.map((a) => [a.action, a.objectId, a.afterDigest])).toEqual([
      ['evidence.fixed', 'ev_1', 'cd'.repeat(32)],
      ['evidence.fixed', 'ev_3', 'cd'.repeat(32)],
      ['evidence.exported', 'ev_1', 'ee'.repeat(32)],
    ]);
  });
});
