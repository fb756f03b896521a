import { deflateSync, inflateSync } from 'node:zlib';
import { AppError } from '@haechi/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { DEFAULT_IMAGE_DECODE_LIMITS } from './decode-limits.js';

const W = 40;
const H = 24;
const rgb = Buffer.alloc(W * H * 3);
for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37 + (i >> 7)) & 255;
const raw = (channels: 1 | 3 | 4 = 3, data: Buffer = rgb) =>
  sharp(data, { raw: { width: W, height: H, channels } });

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A PNG whose header declares `width`×`height` but whose data is one tiny compressed row. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

describe('decodeImage: formats', () => {
  it.each([
    ['jpeg', () => raw().jpeg().toBuffer()],
    ['png', () => raw().png().toBuffer()],
    ['webp', () => raw().webp().toBuffer()],
    ['gif', () => raw().gif().toBuffer()],
    ['tiff', () => raw().tiff().toBuffer()],
    ['avif', () => raw().avif().toBuffer()],
  ] as const)('decodes %s to 8-bit RGB in stored size', async (format, encode) => {
    const image = await decodeImage(await encode());
    expect(image).toMatchObject({ format, width: W, height: H, channels: 3, frameCount: 1 });
    expect(image.data).toHaveLength(W * H * 3);
  });

  it('keeps lossless pixels exactly and drops alpha', async () => {
    const rgba = Buffer.alloc(W * H * 4);
    for (let i = 0; i < W * H; i++) {
      rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
      rgba[i * 4 + 3] = i & 255;
    }
    const image = await decodeImage(await raw(4, rgba).png().toBuffer());
    expect(image.channels).toBe(3);
    expect(Buffer.from(image.data).equals(rgb)).toBe(true);
  });

  it('gives grey images one channel', async () => {
    const grey = Buffer.from(rgb.subarray(0, W * H));
    const image = await decodeImage(await raw(1, grey).toColourspace('b-w').png().toBuffer());
    expect(image.channels).toBe(1);
    expect(Buffer.from(image.data).equals(grey)).toBe(true);
  });

  it('decodes only the first frame of an animated GIF and reports the frame count', async () => {
    const frames = await Promise.all(
      [0, 1, 2].map((k) =>
        raw(3, Buffer.from(rgb.map((v) => (v + 80 * k) & 255)))
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const image = await decodeImage(gif);
    expect(image).toMatchObject({ format: 'gif', width: W, height: H, frameCount: 3 });
    const firstOnly = await decodeImage(await sharp(frames[0]).gif().toBuffer());
    expect(Buffer.from(image.data).equals(Buffer.from(firstOnly.data))).toBe(true);
  });

  it('reports EXIF orientation without applying it (the reference hashes stored pixels)', async () => {
    const jpeg = await raw().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(jpeg);
    expect(image).toMatchObject({ width: W, height: H, orientation: 6 });
  });

  it('ignores embedded ICC profiles and returns the stored values', async () => {
    const png = await raw()
      .withIccProfile('p3')
      .png({ compressionLevel: 0, adaptiveFiltering: false })
      .toBuffer();
    // Read the stored rows straight from the PNG's IDAT (filter type 0 on every row).
    const idat: Buffer[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      if (png.toString('ascii', at + 4, at + 8) === 'IDAT')
        idat.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const rows = inflateSync(Buffer.concat(idat));
    const stored = Buffer.concat(
      Array.from({ length: H }, (_, y) =>
        rows.subarray(y * (W * 3 + 1) + 1, (y + 1) * (W * 3 + 1)),
      ),
    );
    const image = await decodeImage(png);
    expect(Buffer.from(image.data).equals(stored)).toBe(true);
  });

  it('converts CMYK without colour management', async () => {
    const jpeg = await raw().toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    const cmyk = await sharp(jpeg)
      .pipelineColourspace('cmyk')
      .toColourspace('cmyk')
      .raw()
      .toBuffer();
    const image = await decodeImage(jpeg);
    expect(image.channels).toBe(3);
    const [c, m, y, k] = [cmyk[0], cmyk[1], cmyk[2], cmyk[3]];
    expect(Array.from(image.data.subarray(0, 3))).toEqual(
      [c, m, y].map((v) => Math.round(((255 - v) * (255 - k)) / 255)),
    );
  });
});

describe('decodeImage: limits and bad input', () => {
  it('refuses an empty file', async () => {
    const error = await rejection(decodeImage(new Uint8Array(0)));
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'media_empty',
      'the file is empty (0 bytes)',
      400,
    ]);
  });

  it('refuses a file over the byte limit before reading it', async () => {
    const error = await rejection(decodeImage(new Uint8Array(101), { maxInputBytes: 100 }));
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'media_too_large',
      'the file is 101 bytes; the limit is 100 bytes',
      413,
    ]);
    const big = await rejection(
      decodeImage(new Uint8Array(DEFAULT_IMAGE_DECODE_LIMITS.maxInputBytes + 1)),
    );
    expect(big.message).toBe(
      'the file is 50.0 MiB (52428801 bytes); the limit is 50.0 MiB (52428800 bytes)',
    );
  });

  it('refuses data of the wrong type and says what it looks like', async () => {
    const pdf = await rejection(decodeImage(new TextEncoder().encode('%PDF-1.4 ...')));
    expect([pdf.code, pdf.httpStatus]).toEqual(['media_unsupported_type', 415]);
    expect(pdf.message).toBe(
      'not a supported image (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC): the data looks like a PDF document',
    );
    const text = await rejection(decodeImage(new TextEncoder().encode('hello')));
    expect(text.message).toContain('unknown data starting with bytes 68 65 6c 6c');
  });

  it.each([
    ['jpeg', () => raw().jpeg().toBuffer()],
    ['png', () => raw().png().toBuffer()],
    ['webp', () => raw().webp({ lossless: true }).toBuffer()],
  ] as const)('refuses a truncated %s file', async (format, encode) => {
    const whole = await encode();
    const error = await rejection(decodeImage(whole.subarray(0, Math.floor(whole.length * 0.6))));
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'media_truncated',
      `the ${format} file ends early (truncated or damaged)`,
      422,
    ]);
  });

  it('refuses a PNG decompression bomb from its header, before decoding', async () => {
    const error = await rejection(decodeImage(pngDeclaring(20_000, 20_000)));
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'media_too_many_pixels',
      'the image is 20000×20000 = 400000000 pixels; the limit is 64000000 pixels',
      413,
    ]);
    const wide = await rejection(decodeImage(pngDeclaring(100_000, 2)));
    expect(wide.message).toBe('the image is 100000×2; the largest side allowed is 30000 pixels');
  });

  it('refuses a JPEG whose frame header declares too many pixels', async () => {
    const jpeg = Buffer.from(await raw().jpeg().toBuffer());
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.writeUInt16BE(16_000, sof + 5); // height
    jpeg.writeUInt16BE(16_000, sof + 7); // width
    const error = await rejection(decodeImage(jpeg));
    expect(error.code).toBe('media_too_many_pixels');
    expect(error.message).toBe(
      'the image is 16000×16000 = 256000000 pixels; the limit is 64000000 pixels',
    );
  });

  it('applies configured pixel and side limits exactly at the boundary', async () => {
    const png = await raw().png().toBuffer();
    await expect(decodeImage(png, { maxPixels: W * H })).resolves.toMatchObject({ width: W });
    const over = await rejection(decodeImage(png, { maxPixels: W * H - 1 }));
    expect(over.message).toBe(
      `the image is ${W}×${H} = ${W * H} pixels; the limit is ${W * H - 1} pixels`,
    );
    await expect(decodeImage(png, { maxDimension: W })).resolves.toMatchObject({ width: W });
    const side = await rejection(decodeImage(png, { maxDimension: W - 1 }));
    expect(side.message).toBe(
      `the image is ${W}×${H}; the largest side allowed is ${W - 1} pixels`,
    );
  });

  it('calls a complete JPEG with garbage inside damaged, and one without its end marker truncated', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => (i * 31) & 255);
    const complete = await rejection(
      decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, ...body, 0xff, 0xd9)),
    );
    expect([complete.code, complete.message]).toEqual([
      'media_corrupt',
      'the jpeg image is damaged and cannot be decoded',
    ]);
    expect(complete.details).toEqual({
      format: 'jpeg',
      decoder: expect.stringContaining('corrupt header'),
    });
    const cut = await rejection(decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, ...body)));
    expect([cut.code, cut.message]).toEqual([
      'media_truncated',
      'the jpeg file ends early (truncated or damaged)',
    ]);
  });

  it('classifies failures the same way when many decodes run at once', async () => {
    const whole = await raw().jpeg().toBuffer();
    const cut = whole.subarray(0, whole.length >> 1);
    const body = Array.from({ length: 2000 }, (_, i) => (i * 31) & 255);
    const damaged = Uint8Array.of(0xff, 0xd8, 0xff, ...body, 0xff, 0xd9);
    const inputs = Array.from({ length: 24 }, (_, i) => [whole, cut, damaged][i % 3]);
    const results = await Promise.allSettled(inputs.map((bytes) => decodeImage(bytes)));
    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'ok' : (r.reason as AppError).code,
    );
    expect(codes).toEqual(inputs.map((_, i) => ['ok', 'media_truncated', 'media_corrupt'][i % 3]));
  });

  it('refuses a HEIC container without its image data with a 4xx, not a crash', async () => {
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic'),
      Buffer.alloc(200, 7),
    ]);
    const error = await rejection(decodeImage(heic));
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'media_truncated',
      'the heic file ends early (truncated or damaged)',
      422,
    ]);
  });

  it('rejects nonsense limits', async () => {
    const error = await rejection(decodeImage(new Uint8Array(10), { maxPixels: 0 }));
    expect([error.code, error.message]).toEqual([
      'invalid_input',
      'decode limit maxPixels must be a whole number > 0, got 0',
    ]);
  });
});
