import { describe, expect, it } from 'vitest';
import { isContainerTruncated } from './container-truncation.js';

const riff = (declaredBody: number, actualBody: number): Uint8Array => {
  const bytes = new Uint8Array(8 + actualBody);
  bytes.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(bytes.buffer).setUint32(4, declaredBody, true);
  return bytes;
};

describe('isContainerTruncated', () => {
  it('needs the JPEG end-of-image marker, allowing zero padding after it', () => {
    expect(isContainerTruncated('jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toBe(false);
    expect(isContainerTruncated('jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9, 0, 0))).toBe(false);
    expect(isContainerTruncated('jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x12))).toBe(true);
  });

  it('needs the PNG IEND chunk at the end', () => {
    const end = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
    expect(isContainerTruncated('png', Uint8Array.of(0x89, 0x50, ...end))).toBe(false);
    expect(isContainerTruncated('png', Uint8Array.of(0x89, 0x50, ...end.slice(0, 9)))).toBe(true);
  });

  it('needs the GIF trailer', () => {
    expect(isContainerTruncated('gif', Uint8Array.of(0x47, 0x49, 0x46, 0x3b))).toBe(false);
    expect(isContainerTruncated('gif', Uint8Array.of(0x47, 0x49, 0x46, 0x00, 0x2c))).toBe(true);
  });

  it('compares a RIFF container with its declared length', () => {
    expect(isContainerTruncated('webp', riff(100, 100))).toBe(false);
    expect(isContainerTruncated('webp', riff(100, 120))).toBe(false);
    expect(isContainerTruncated('webp', riff(100, 99))).toBe(true);
    expect(isContainerTruncated('webp', new Uint8Array(11))).toBe(true);
  });

  it('does not know for containers without an end mark', () => {
    expect(isContainerTruncated('tiff', new Uint8Array(10))).toBeNull();
    expect(isContainerTruncated('avif', new Uint8Array(10))).toBeNull();
  });
});
