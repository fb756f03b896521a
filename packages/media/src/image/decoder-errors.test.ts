import { describe, expect, it } from 'vitest';
import { classifyDecodeError } from './decoder-errors.js';

const complete = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0xff, 0xd9); // a JPEG that ends properly
const classify = (message: string, bytes = complete) =>
  classifyDecodeError(new Error(message), 'jpeg', bytes);

describe('classifyDecodeError', () => {
  it('maps libvips messages to codes with our own words', () => {
    const cases: Array<[string, string, string]> = [
      [
        'timeout: 73% complete',
        'media_timeout',
        'decoding the jpeg image took longer than the time limit',
      ],
      [
        'Input image exceeds pixel limit',
        'media_too_many_pixels',
        'the jpeg image has more pixels than the limit',
      ],
      [
        'heif: Unsupported feature: No decoding plugin installed for this compression format',
        'media_unsupported_type',
        'this build cannot decode jpeg images of this kind',
      ],
      [
        'VipsJpeg: Unsupported marker type 0x5d',
        'media_corrupt',
        'the jpeg image is damaged and cannot be decoded',
      ],
    ];
    for (const [message, code, text] of cases) {
      const { error, explained } = classify(message);
      expect([error.code, error.message, explained], message).toEqual([code, text, true]);
    }
  });

  it('keeps only the first line of the decoder message, in details', () => {
    const { error } = classify('first line\nsecond line with more');
    expect(error.details).toEqual({ format: 'jpeg', decoder: 'first line' });
  });

  it('trusts the container over a lost message', () => {
    const cut = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10);
    expect(classify('Unknown error', cut)).toMatchObject({
      error: { code: 'media_truncated' },
      explained: true,
    });
  });

  it('believes a truncation message only where the container cannot tell', () => {
    // A JPEG with its end marker is whole: the message must be another decode's (libvips shares it).
    expect(classify('VipsJpeg: premature end of JPEG image')).toMatchObject({
      error: { code: 'media_corrupt', message: 'the jpeg image is damaged and cannot be decoded' },
      explained: true,
    });
    const tiff = classifyDecodeError(
      new Error('TIFFReadEncodedStrip: Read error'),
      'tiff',
      complete,
    );
    expect([tiff.error.code, tiff.error.message]).toEqual([
      'media_truncated',
      'the tiff file ends early (truncated or damaged)',
    ]);
  });

  it('marks a failure that nothing explains, so the caller retries it alone', () => {
    expect(classify('Unknown error')).toMatchObject({
      error: { code: 'media_corrupt' },
      explained: false,
    });
    expect(classify('')).toMatchObject({ explained: false });
  });
});
