import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '@haechi/access';
import type { ReviewItem, ScreeningRecord } from '@haechi/core';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { createLogger } from '../../logging/logger.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { EvidenceService } from './evidence-service.js';
import { MediaVault, sniffContentType } from './media-vault.js';

const AT = '2026-11-25T06:00:00.000Z';
const masterKey = randomBytes(32);
let dir: string;
let stores: EmbeddedStores;
let jpeg: Uint8Array;
let orgId: number;

const record = (
  id: string,
  status: ScreeningRecord['status'] = 'pending_review',
): ScreeningRecord => ({
  id,
  orgId,
  contentId: 'post-1',
  url: 'https://p.example/post/1',
  verdict: status === 'pending_review' ? 'hold' : 'block',
  mediaKind: 'image',
  status,
  evidence: { hashes: { md5: 'ab'.repeat(16) }, matches: [], scores: [], reasons: [] },
  createdAt: AT,
});

function service(options: { retainMedia?: boolean; maxRetainedBytes?: number; key?: Buffer } = {}) {
  return new EvidenceService({
    evidence: stores.evidence,
    screenings: stores.screenings,
    notices: stores.notices,
    review: stores.review,
    cases: stores.cases,
    banks: stores.banks,
    access: stores.access,
    vault: new MediaVault(new Sealer(options.key ?? masterKey, [masterKey])),
    now: () => new Date(AT),
    logger: createLogger('silent'),
    retainMedia: options.retainMedia ?? true,
    maxRetainedBytes: options.maxRetainedBytes ?? 1_000_000,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-evidence-'));
  stores = openEmbeddedStores(dir);
  orgId = (
    await createOrg(stores.access, { name: 'p', kind: 'platform', jurisdiction: 'KR', at: AT })
  ).id;
  const image = syntheticImage(64, 48, 3);
  jpeg = new Uint8Array(
    await sharp(image.data, { raw: { width: 64, height: 48, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MediaVault', () => {
  it('seals each item under its own key, opens it after a master-key rotation, and refuses tampering', () => {
    const vault = new MediaVault(new Sealer(masterKey));
    const a = vault.seal(jpeg, { id: 'med_a', screeningId: 'scr_a', createdAt: AT });
    const b = vault.seal(jpeg, { id: 'med_b', screeningId: 'scr_b', createdAt: AT });
    expect([a.contentType, a.size, a.ciphertext.length]).toEqual([
      'image/jpeg',
      jpeg.length,
      jpeg.length,
    ]);
    expect(a.keyWrapped).not.toBe(b.keyWrapped);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    const rotated = new MediaVault(new Sealer(randomBytes(32), [masterKey]));
    expect(Buffer.from(rotated.open(a)).equals(Buffer.from(jpeg))).toBe(true);
    const flipped = new Uint8Array(a.ciphertext);
    flipped[10] = flipped[10] ^ 1;
    expect(() => vault.open({ ...a, ciphertext: flipped })).toThrow();
    expect(() => vault.open({ ...a, purgedAt: AT })).toThrow('the media was purged');
  });

  it('names the content type from the bytes', () => {
    expect([sniffContentType(jpeg), sniffContentType(new Uint8Array([1, 2, 3]))]).toEqual([
      'image/jpeg',
      'application/octet-stream',
    ]);
  });
});

describe('EvidenceService', () => {
  it('keeps a held upload sealed, and destroys it when the regulator restores the item', async () => {
    await stores.screenings.saveScreening(record('scr_1'));
    await service().retain(record('scr_1'), jpeg);
    const kept = await stores.evidence.getMediaOfScreening('scr_1');
    expect([kept?.size, kept?.purgedAt]).toEqual([jpeg.length, null]);
    await service().release('scr_1', 'user:3');
    const purged = await stores.evidence.getMediaOfScreening('scr_1');
    expect([purged?.ciphertext.length, purged?.purgedAt, purged?.sha256]).toEqual([
      0,
      AT,
      kept?.sha256,
    ]);
    const trail = await stores.audit.list({
      afterSeq: 0,
      limit: 10,
      objectType: 'screening',
      objectId: 'scr_1',
    });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['screening.recorded', 'system'],
      ['media.retained', 'system'],
      ['media.purged', 'user:3'],
    ]);
  });

  it('keeps nothing when retention is off, for final verdicts, or over the size limit', async () => {
    for (const id of ['scr_2', 'scr_3', 'scr_4']) await stores.screenings.saveScreening(record(id));
    await service({ retainMedia: false }).retain(record('scr_2'), jpeg);
    await service().retain(record('scr_3', 'final'), jpeg);
    await service({ maxRetainedBytes: 10 }).retain(record('scr_4'), jpeg);
    for (const id of ['scr_2', 'scr_3', 'scr_4'])
      expect(await stores.evidence.getMediaOfScreening(id)).toBeNull();
  });

  it('fixes a record once, with the media digest, and the store refuses to change it or purge its media', async () => {
    await stores.screenings.saveScreening(record('scr_5'));
    await service().retain(record('scr_5'), jpeg);
    const review = {
      id: 9,
      kind: 'held_screening',
      decision: 'remove',
      reasonCode: 'ncii',
    } as ReviewItem;
    const fixed = await service().fixForScreening('scr_5', review, 'user:3');
    const again = await service().fixForScreening('scr_5', null, 'user:4');
    expect(again?.id).toBe(fixed?.id);
    expect(fixed?.facts['media']).toMatchObject({ contentType: 'image/jpeg', size: jpeg.length });
    expect(fixed?.facts['review']).toMatchObject({ id: 9, decision: 'remove', reasonCode: 'ncii' });
    expect(fixed?.facts['platform']).toEqual({ id: orgId, name: 'p' });
    expect(() =>
      stores.db
        .prepare("UPDATE evidence_records SET facts = '{}' WHERE id = ?")
        .run(fixed?.id ?? null),
    ).toThrow('an evidence record is fixed once and never changed');
    expect(() => stores.db.prepare('DELETE FROM evidence_records').run()).toThrow(
      'an evidence record is fixed once and never changed',
    );
    await expect(
      stores.evidence.purgeMedia(fixed?.mediaId as string, { at: AT, actor: 'x', reason: 'y' }),
    ).rejects.toThrow('preserved media cannot be purged');
    // A restore decided later (an appeal) leaves preserved media alone.
    await service().release('scr_5', 'user:5');
    expect((await stores.evidence.getMediaOfScreening('scr_5'))?.purgedAt).toBeNull();
    expect(await service().fixForScreening('scr_unknown', null, 'user:3')).toBeNull();
    await expect(service().get('ev_nope')).rejects.toThrow('no such evidence record');
  });
});
