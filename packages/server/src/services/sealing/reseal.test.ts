import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resealAll } from './reseal.js';
import { Sealer } from './sealer.js';

const AT = '2026-12-03T09:00:00.000Z';
const OLD = Buffer.alloc(32, 1);
const NEW = Buffer.alloc(32, 2);
const LOST = Buffer.alloc(32, 3);

let dir: string;
let stores: EmbeddedStores;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-reseal-'));
  stores = openEmbeddedStores(dir);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seed(sealer: Sealer, code: string) {
  const bank = await stores.banks.createBank({
    name: `case-${code}`,
    description: '',
    createdBy: 'x',
    at: AT,
  });
  const opened = await stores.cases.createCase({
    code,
    passphraseHash: null,
    centerOrgId: null,
    bankId: bank.id,
    contactSealed: sealer.seal('010-1234-5678'),
    faceEmbeddingSealed: sealer.seal('[0.1,0.2]'),
    createdBy: 'user:1',
    createdAt: AT,
  });
  await stores.cases.addNote(opened.id, sealer.seal('called her back; she is safe'), AT, 'user:1');
  return opened;
}

describe('re-sealing under a new master key', () => {
  it('moves every value to the new key, keeps its plaintext, skips current ones, and audits', async () => {
    const before = new Sealer(OLD);
    const rotated = new Sealer(NEW, [OLD]);
    const first = await seed(before, 'HC-OLD1-OLD1');
    await seed(rotated, 'HC-NEW1-NEW1');
    const report = await resealAll(
      { sealed: stores.sealed, audit: stores.audit, sealer: rotated },
      { at: AT, actor: 'user:9' },
      1, // one value a page: paging is exercised
    );
    expect(report).toEqual({
      keyId: rotated.currentKeyId,
      resealed: {
        'case.contact': 1,
        'case.face_embedding': 1,
        'case_note.body': 1,
        'sealed_media.key': 0,
        'org.webhook_secret': 0,
      },
      alreadyCurrent: 3,
      unreadable: {},
    });
    // The old key is no longer needed: a server with only the new one opens everything.
    const retired = new Sealer(NEW);
    const kept = await stores.cases.getCaseByCode(first.code);
    expect(retired.open(kept!.contactSealed!)).toBe('010-1234-5678');
    expect(retired.open(kept!.faceEmbeddingSealed!)).toBe('[0.1,0.2]');
    expect(retired.open((await stores.cases.listNotes(first.id))[0].bodySealed)).toBe(
      'called her back; she is safe',
    );
    const [entry] = await stores.audit.list({ afterSeq: 0, limit: 5, objectType: 'master_key' });
    expect([entry?.action, entry?.actor, entry?.objectId]).toEqual([
      'keys.resealed',
      'user:9',
      rotated.currentKeyId,
    ]);
    // Run again: nothing left to do.
    const again = await resealAll(
      { sealed: stores.sealed, audit: stores.audit, sealer: retired },
      { at: AT, actor: 'user:9' },
    );
    expect([Object.values(again.resealed), again.alreadyCurrent]).toEqual([[0, 0, 0, 0, 0], 6]);
  });

  it('seals webhook secrets kept in plain text before they were sealed', async () => {
    const org = await stores.access.createOrg(
      {
        name: 'p',
        kind: 'platform',
        jurisdiction: 'KR',
        subscriptions: ['*'],
        policy: {},
        createdAt: AT,
      },
      'system',
    );
    await stores.access.setWebhookSecret(org.id, 'whsec_plain', AT, 'system');
    const sealer = new Sealer(NEW);
    const report = await resealAll(
      { sealed: stores.sealed, audit: stores.audit, sealer },
      { at: AT, actor: 'user:9' },
    );
    expect(report.resealed['org.webhook_secret']).toBe(1);
    const stored = (await stores.access.getWebhookSecret(org.id)) as string;
    expect([sealer.keyIdOf(stored), sealer.open(stored)]).toEqual([
      sealer.currentKeyId,
      'whsec_plain',
    ]);
  });

  it('leaves values of a key it does not hold as they are, and says which key they need', async () => {
    const lost = new Sealer(LOST);
    const opened = await seed(lost, 'HC-LOST-LOST');
    const report = await resealAll(
      { sealed: stores.sealed, audit: stores.audit, sealer: new Sealer(NEW) },
      { at: AT, actor: 'user:9' },
    );
    expect(report.unreadable).toEqual({ [lost.currentKeyId]: 3 });
    expect(lost.open((await stores.cases.getCaseByCode(opened.code))!.contactSealed!)).toBe(
      '010-1234-5678',
    );
  });
});
