import { describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addPlatform, useStores } from './test-stores.js';

const AT = '2026-12-03T09:00:00.000Z';

describe.each(BACKENDS)('the sealed values on $name', (backend) => {
  const stores = useStores(backend);

  it('pages each sealed field in id order and replaces only values still as read', async () => {
    const bank = await stores().banks.createBank({
      name: 'case-1',
      description: '',
      createdBy: 'x',
      at: AT,
    });
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const opened = await stores().cases.createCase({
        code: `HC-000${n}-000${n}`,
        passphraseHash: null,
        centerOrgId: null,
        bankId: bank.id,
        contactSealed: n === 2 ? null : `v1.old.contact-${n}`,
        faceEmbeddingSealed: null,
        createdBy: 'user:1',
        createdAt: AT,
      });
      ids.push(opened.id);
    }
    const first = await stores().sealed.pageSealed('case.contact', null, 1);
    expect(first).toEqual([{ id: ids[0], value: 'v1.old.contact-1' }]);
    expect(await stores().sealed.pageSealed('case.contact', first[0].id, 10)).toEqual([
      { id: ids[2], value: 'v1.old.contact-3' },
    ]);
    expect(await stores().sealed.pageSealed('case.face_embedding', null, 10)).toEqual([]);
    const replaced = await stores().sealed.replaceSealed('case.contact', [
      { id: ids[0], from: 'v1.old.contact-1', to: 'v1.new.contact-1' },
      // Changed by someone else since it was read: left alone.
      { id: ids[2], from: 'v1.old.stale', to: 'v1.new.contact-3' },
    ]);
    expect(replaced).toBe(1);
    expect(
      (await stores().sealed.pageSealed('case.contact', null, 10)).map((v) => v.value),
    ).toEqual(['v1.new.contact-1', 'v1.old.contact-3']);

    // Text ids (sealed media) page the same way.
    const platform = await addPlatform(stores(), 'p', AT);
    for (const id of ['med_b', 'med_a']) {
      await stores().screenings.saveScreening({
        id: `scr_${id}`,
        orgId: platform.id,
        contentId: null,
        url: null,
        verdict: 'hold',
        mediaKind: 'image',
        status: 'pending_review',
        evidence: {},
        createdAt: AT,
      });
      await stores().evidence.saveMedia(
        {
          id,
          screeningId: `scr_${id}`,
          sha256: '0'.repeat(64),
          contentType: 'image/png',
          size: 1,
          keyWrapped: `v1.old.${id}`,
          iv: new Uint8Array(12),
          tag: new Uint8Array(16),
          ciphertext: new Uint8Array(1),
          createdAt: AT,
          purgedAt: null,
        },
        'system',
      );
    }
    const media = await stores().sealed.pageSealed('sealed_media.key', null, 1);
    expect(media).toEqual([{ id: 'med_a', value: 'v1.old.med_a' }]);
    expect(await stores().sealed.pageSealed('sealed_media.key', 'med_a', 5)).toEqual([
      { id: 'med_b', value: 'v1.old.med_b' },
    ]);
    expect(
      await stores().sealed.replaceSealed('sealed_media.key', [
        { id: 'med_b', from: 'v1.old.med_b', to: 'v1.new.med_b' },
      ]),
    ).toBe(1);
    expect((await stores().evidence.getMedia('med_b'))?.keyWrapped).toBe('v1.new.med_b');
  });
});
