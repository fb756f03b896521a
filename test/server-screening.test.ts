import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from './support/run-cli.js';
import { ScreeningFixture } from './support/screening-fixture.js';
import { makeSlideshow } from '@haechi/testkit/synthetic-video';
import { waitUntil } from './support/wait-until.js';

const f = new ScreeningFixture({ HAECHI_MAX_VIDEO_SECONDS: '5' });
beforeAll(() => f.start());
afterAll(() => f.stop());

describe('screening verdicts through the real server', () => {
  it('allows everything before any bank holds a match, photos and video alike', async () => {
    for (const photo of f.photos) expect(await f.verdictOf(photo)).toBe('allow');
    const video = await makeSlideshow([f.photos[1], f.photos[2]], { secondsEach: 2 });
    const { body } = await f.screenRaw(video, 'video/mp4');
    expect([body['verdict'], body['mediaKind'], body['id']]).toEqual(['allow', 'video', null]);
    expect((body['hashes'] as { videoFrames: number }).videoFrames).toBeGreaterThanOrEqual(1);
  });

  it('blocks a banked photo, its altered copies and a video made from it, and allows the others', async () => {
    await writeFile(join(f.dir, 'known.jpg'), f.photos[0]);
    const hashed = jsonLines((await f.cli('hash', join(f.dir, 'known.jpg'))).stdout)[0];
    await writeFile(
      join(f.dir, 'known.csv'),
      `signal_type,signal,category\npdq,${hashed['pdq']},test\nmd5,${hashed['md5']},test\n`,
    );
    expect((await f.cli('bank', 'import', 'confirmed', join(f.dir, 'known.csv'))).stdout).toBe(
      'imported 2 entries into "confirmed"\n',
    );
    // The server follows the change feed, so the new entries match without a restart.
    await waitUntil(
      'the imported entries to reach the server',
      async () => (await f.verdictOf(f.photos[0])) === 'block',
    );
    const exact = await f.screenRaw(f.photos[0], 'image/jpeg');
    expect(exact.body).toMatchObject({
      verdict: 'block',
      reasons: [{ rule: 'confirmed-match', verdict: 'block' }],
      mediaKind: 'image',
      hashes: { pdq: hashed['pdq'], md5: hashed['md5'] },
    });
    expect(exact.body['id']).toMatch(/^scr_[\w-]{22}$/);
    expect(
      (exact.body['matches'] as Array<{ signalType: string }>).map((m) => m.signalType).sort(),
    ).toEqual(['md5', 'pdq']);

    const original = sharp(f.photos[0]);
    const { width } = await original.metadata();
    const copies = {
      resized: await sharp(f.photos[0])
        .resize(Math.round(width / 2))
        .jpeg({ quality: 85 })
        .toBuffer(),
      recompressed: await sharp(f.photos[0]).jpeg({ quality: 30 }).toBuffer(),
      flipped: await sharp(f.photos[0]).flop().jpeg({ quality: 90 }).toBuffer(),
      png: await sharp(f.photos[0]).png().toBuffer(),
    };
    for (const [what, bytes] of Object.entries(copies)) {
      const { body } = await f.screenRaw(new Uint8Array(bytes));
      expect([what, body['verdict']]).toEqual([what, 'block']);
    }
    const flipped = (await f.screenRaw(new Uint8Array(copies.flipped))).body;
    expect((flipped['matches'] as Array<{ variant: number }>)[0].variant).not.toBe(0);

    const video = await makeSlideshow([f.photos[3], f.photos[0]], { secondsEach: 2 });
    const fromVideo = await f.screenMultipart(video, 'holiday.mp4');
    expect(fromVideo.body['verdict']).toBe('block');
    const frameMatch = (fromVideo.body['matches'] as Array<{ frameTimestampSec?: number }>).find(
      (m) => m.frameTimestampSec !== undefined,
    );
    expect(frameMatch!.frameTimestampSec).toBeGreaterThanOrEqual(2);

    for (const other of f.photos.slice(1)) expect(await f.verdictOf(other)).toBe('allow');

    const byHash = await f.screenJson({ contentId: 'p-1', hashes: { pdq: [hashed['pdq']] } });
    expect([byHash.status, byHash.body['verdict'], byHash.body['mediaKind']]).toEqual([
      200,
      'block',
      'hashes',
    ]);
    const byMd5 = await f.screenJson({ hashes: { md5: String(hashed['md5']).toUpperCase() } });
    expect(byMd5.body['verdict']).toBe('block');
  });

  it('blocks a re-encoded copy of a banked video by its vPDQ frames', async () => {
    const original = await makeSlideshow([f.photos[3], f.photos[4]], { secondsEach: 2 });
    const copy = await makeSlideshow([f.photos[3], f.photos[4]], {
      secondsEach: 2,
      format: 'webm',
      size: '256x192',
    });
    expect(await f.verdictOf(copy)).toBe('allow');
    await writeFile(join(f.dir, 'original.mp4'), original);
    const hashed = jsonLines((await f.cli('hash', join(f.dir, 'original.mp4'))).stdout)[0];
    expect(String(hashed['vpdq'])).toMatch(/^0,[0-9a-f]{64},\d+,0(;\d+,[0-9a-f]{64},\d+,[\d.]+)*$/);
    await writeFile(
      join(f.dir, 'videos.jsonl'),
      `${JSON.stringify({ signal_type: 'vpdq', signal: hashed['vpdq'] })}\n`,
    );
    await f.cli('bank', 'create', 'video-confirmed');
    expect(
      (await f.cli('bank', 'import', 'video-confirmed', join(f.dir, 'videos.jsonl'))).code,
    ).toBe(0);
    const body = await waitUntil('the imported video to reach the server', async () => {
      const answer = (await f.screenRaw(copy, 'video/webm')).body;
      return answer['verdict'] === 'block' && answer;
    });
    expect(body['matches']).toEqual([
      expect.objectContaining({ bank: 'video-confirmed', signalType: 'vpdq', distance: 0 }),
    ]);
  });

  it('screens a batch, each item on its own', async () => {
    const response = await fetch(`${f.url}/v1/screen/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { contentId: 'a', mediaBase64: Buffer.from(f.photos[0]).toString('base64') },
          { contentId: 'b', mediaBase64: Buffer.from(f.photos[1]).toString('base64') },
          { contentId: 'c', hashes: { pdq: ['xyz'] } },
          { contentId: 'd' },
        ],
      }),
    });
    const { results } = (await response.json()) as {
      results: Array<{ result?: { verdict: string }; error?: { code: string } }>;
    };
    expect(results.map((r) => r.result?.verdict ?? r.error?.code)).toEqual([
      'block',
      'allow',
      'invalid_hash',
      'invalid_input',
    ]);
  });
});
