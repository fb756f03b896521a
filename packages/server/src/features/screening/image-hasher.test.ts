import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { imageHasherPool, inThreadImageHasher } from './image-hasher.js';

const pool = imageHasherPool(1);
afterAll(() => pool.close());

const jpeg = async (seed: number) => {
  const image = syntheticImage(400, 300, seed);
  return new Uint8Array(
    await sharp(image.data, { raw: { width: 400, height: 300, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
};

describe('the image-hashing threads', () => {
  it('give the detectors a copy no larger than 2048 a side', async () => {
    const big = new Uint8Array(
      await sharp({ create: { width: 5000, height: 2500, channels: 3, background: '#345' } })
        .png()
        .toBuffer(),
    );
    const hashed = await pool.hash(big, {});
    expect([hashed.width, hashed.height, hashed.data.length]).toEqual([
      2048,
      1024,
      2048 * 1024 * 3,
    ]);
  });

  it('refuse an upload at once when every thread is busy and the queue is full: 503, retry in a second', async () => {
    const small = imageHasherPool(1, { maxQueue: 1 });
    try {
      const bytes = await jpeg(4);
      // Submitted together: the first goes to the thread, the second waits, the third is refused.
      const [first, second, third] = [1, 2, 3].map(() =>
        small.hash(bytes, {}).then(
          (image) => image.pdq,
          (error: unknown) => error,
        ),
      );
      expect(await third).toMatchObject({
        code: 'overloaded',
        httpStatus: 503,
        message: 'every image-hashing thread is busy and 1 upload is waiting; try again shortly',
        details: { retryAfterSeconds: 1, queued: 1 },
      });
      // Those taken are hashed; once the line is short again, the next is taken too.
      expect(await first).toBe(await second);
      expect(await small.hash(bytes, {})).toMatchObject({ pdq: await first });
    } finally {
      await small.close();
    }
  });

  it('give exactly what hashing in this thread gives, pixels included', async () => {
    const bytes = await jpeg(3);
    const [there, here] = [await pool.hash(bytes, {}), await inThreadImageHasher().hash(bytes, {})];
    expect(there.pdq).toBe(here.pdq);
    expect(there.quality).toBe(here.quality);
    expect(there.dihedral.map((h) => Buffer.from(h).toString('hex'))).toEqual(
      here.dihedral.map((h) => Buffer.from(h).toString('hex')),
    );
    expect([there.width, there.height, there.channels]).toEqual([400, 300, 3]);
    expect(Buffer.from(there.data).equals(Buffer.from(here.data))).toBe(true);
  });

  it('answer every one of many images waiting in line for one thread, each with its own hash', async () => {
    const inputs = await Promise.all([1, 2, 3, 4, 5, 6].map(jpeg));
    const expected = await Promise.all(inputs.map((b) => inThreadImageHasher().hash(b, {})));
    const hashed = await Promise.all(inputs.map((b) => pool.hash(b, {})));
    expect(hashed.map((h) => h.pdq)).toEqual(expected.map((h) => h.pdq));
  });

  it('bring a refusal back as the error it was', async () => {
    const cut = (await jpeg(7)).subarray(0, 300);
    await expect(pool.hash(cut, {})).rejects.toMatchObject({ code: 'media_truncated' });
    await expect(pool.hash(await jpeg(8), { maxPixels: 100 })).rejects.toMatchObject({
      code: 'media_too_many_pixels',
      message: 'the image is 400×300 = 120000 pixels; the limit is 100 pixels',
      details: { width: 400, height: 300, maxPixels: 100 },
    });
    // The thread is still there for the next image.
    expect((await pool.hash(await jpeg(9), {})).width).toBe(400);
  });
});
