import { describe, expect, it } from 'vitest';
import { describeUnknownBytes, sniffImageFormat } from './image-format.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)),
  );

describe('sniffImageFormat', () => {
  it('recognises each supported container by its signature', () => {
    expect(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImageFormat(bytes('GIF89a'))).toBe('gif');
    expect(sniffImageFormat(bytes('GIF87a'))).toBe('gif');
    expect(sniffImageFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(bytes('II*', [0]))).toBe('tiff');
    expect(sniffImageFormat(bytes('MM', [0, 42]))).toBe('tiff');
    expect(sniffImageFormat(bytes([0, 0, 0, 28], 'ftypavif'))).toBe('avif');
    expect(sniffImageFormat(bytes([0, 0, 0, 24], 'ftypheic'))).toBe('heic');
  });

  it('returns null for anything else, including videos and short input', () => {
    expect(sniffImageFormat(bytes([0, 0, 0, 24], 'ftypisom'))).toBeNull();
    expect(sniffImageFormat(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull();
    expect(sniffImageFormat(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffImageFormat(new Uint8Array(0))).toBeNull();
  });
});

describe('describeUnknownBytes', () => {
  it('names common non-image types', () => {
    expect(describeUnknownBytes(bytes('%PDF-1.7'))).toBe('a PDF document');
    expect(describeUnknownBytes(bytes('PK', [3, 4]))).toBe('a ZIP archive');
    expect(describeUnknownBytes(bytes('  <svg xmlns=""/>'))).toBe('an SVG or XML document');
    expect(describeUnknownBytes(bytes('<!DOCTYPE html>'))).toBe('an HTML page');
    expect(describeUnknownBytes(bytes([0, 0, 0, 24], 'ftypisom'))).toBe('a video or audio file');
  });

  it('shows the first bytes of unknown data, never more', () => {
    expect(describeUnknownBytes(bytes('hello world'))).toBe(
      'unknown data starting with bytes 68 65 6c 6c',
    );
  });
});
