import type { ImageFormat } from './image-format.js';

const PNG_IEND = [0x49, 0x45, 0x4e, 0x44]; // "IEND"

/** Index of the last byte that is not 0x00 padding (some writers pad files), or -1. */
function lastContentByte(bytes: Uint8Array): number {
  let end = bytes.length - 1;
  while (end >= 0 && bytes[end] === 0) end--;
  return end;
}

/**
 * True when the container's own structure shows the file was cut off: a JPEG without its end-of-image
 * marker, a PNG without IEND, a GIF without its trailer, a RIFF (WebP) shorter than its declared
 * length. Used only once decoding has failed, to tell truncation from damage without relying on
 * decoder messages, which libvips keeps in one process-wide buffer that concurrent decodes overwrite.
 * TIFF, AVIF and HEIC have no such end mark: null (unknown).
 */
export function isContainerTruncated(format: ImageFormat, bytes: Uint8Array): boolean | null {
  const end = lastContentByte(bytes);
  switch (format) {
    case 'jpeg':
      return !(end >= 1 && bytes[end - 1] === 0xff && bytes[end] === 0xd9);
    case 'png': {
      // IEND chunk: length 0, "IEND", 4-byte CRC; its type sits 8 bytes before the end.
      const at = bytes.length - 8;
      return !(at >= 0 && PNG_IEND.every((b, i) => bytes[at + i] === b));
    }
    case 'gif':
      return !(end >= 0 && bytes[end] === 0x3b);
    case 'webp': {
      if (bytes.length < 12) return true;
      const declared = new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(4, true);
      return declared + 8 > bytes.length;
    }
    case 'tiff':
    case 'avif':
    case 'heic':
      return null;
  }
}
