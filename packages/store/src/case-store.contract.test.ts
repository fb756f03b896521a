import type { AccessStore, BankStore, CaseStore, ScreeningStore } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { useStores } from './test-stores.js';

const AT = '2026-12-03T09:00:00.000Z';

describe.each(BACKENDS)('the case and screening stores on $name', (backend) => {
  let cases: CaseStore;
  let screenings: ScreeningStore;
  let access: AccessStore;
  let banks: BankStore;
  const current = useStores(backend);
  beforeEach(() => {
    ({ cases, screenings, access, banks } = current());
  });

  it('keeps a case with its URLs, notes and sealed fields, lists a center’s cases, withdraws', async () => {
    const bank = await banks.createBank({
      name: 'case-hc-1',
      description: '',
      createdBy: 'x',
      at: AT,
    });
    const center = await access.createOrg({
      name: 'dsc',
      kind: 'support_center',
      jurisdiction: 'KR',
      subscriptions: ['*'],
      policy: {},
      createdAt: AT,
    });
    const opened = await cases.createCase({
      code: 'HC-AAAA-BBBB',
      passphraseHash: null,
      centerOrgId: center.id,
      bankId: bank.id,
      contactSealed: 'v1.sealed-contact',
      faceEmbeddingSealed: 'v1.sealed-face',
      createdBy: 'user:1',
      createdAt: AT,
    });
    expect(await cases.getCaseByCode('HC-AAAA-BBBB')).toEqual(opened);
    expect(
      await cases.addUrl(opened.id, 'https://a.example/1', 'a.example', AT, 'user:1'),
    ).toMatchObject({ url: 'https://a.example/1' });
    expect(
      await cases.addUrl(opened.id, 'https://a.example/1', 'a.example', AT, 'user:1'),
    ).toBeNull();
    await cases.addNote(opened.id, 'v1.sealed-note', AT, 'user:1');
    expect((await cases.listNotes(opened.id)).map((n) => n.bodySealed)).toEqual(['v1.sealed-note']);
    expect(
      (await cases.listCases({ centerOrgId: center.id, limit: 10 })).map((c) => c.code),
    ).toEqual(['HC-AAAA-BBBB']);
    expect(await cases.listCases({ centerOrgId: 999, limit: 10 })).toEqual([]);
    expect(await cases.listFaceEmbeddings()).toEqual([
      { caseId: opened.id, faceEmbeddingSealed: 'v1.sealed-face' },
    ]);
    const withdrawn = await cases.withdrawCase(opened.id, AT, 'victim');
    expect([withdrawn.status, withdrawn.faceEmbeddingSealed]).toEqual(['withdrawn', null]);
    expect(await cases.listFaceEmbeddings()).toEqual([]);
  });

  it('keeps screening records, newest first per organisation', async () => {
    const org = await access.createOrg({
      name: 'alpha',
      kind: 'platform',
      jurisdiction: 'KR',
      subscriptions: ['*'],
      policy: {},
      createdAt: AT,
    });
    for (const [id, at] of [
      ['scr_1', '2026-12-03T09:00:00.000Z'],
      ['scr_2', '2026-12-03T10:00:00.000Z'],
    ] as const)
      await screenings.saveScreening({
        id,
        orgId: org.id,
        contentId: `post-${id}`,
        url: null,
        verdict: 'block',
        mediaKind: 'hashes',
        status: 'final',
        evidence: {
          reasons: [
            { rule: 'confirmed-match', description: 'a confirmed bank matched', verdict: 'block' },
          ],
        },
        createdAt: at,
      });
    expect((await screenings.getScreening('scr_1'))?.evidence).toEqual({
      reasons: [
        { rule: 'confirmed-match', description: 'a confirmed bank matched', verdict: 'block' },
      ],
    });
    expect((await screenings.listScreenings(org.id, { limit: 10 })).map((s) => s.id)).toEqual([
      'scr_2',
      'scr_1',
    ]);
    expect(
      (
        await screenings.listScreenings(org.id, { limit: 10, before: '2026-12-03T10:00:00.000Z' })
      ).map((s) => s.id),
    ).toEqual(['scr_1']);
    expect(await screenings.getScreening('scr_none')).toBeNull();
  });
});
