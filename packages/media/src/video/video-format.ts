import { sniffImageFormat } from '../image/image-format.js';

/** Video containers Haechi decodes. Stable names: they appear in API answers and stored evidence. */
export type VideoFormat = 'mp4' | 'mov' | 'webm' | 'mkv' | 'avi';

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

/**
 * The video container from the first bytes, or null. An ISO-BMFF file whose brand is a still image
 * (AVIF, HEIC) is an image, not a video; a zip renamed .mp4 is neither.
 */
export function sniffVideoFormat(bytes: Uint8Array): VideoFormat | null {
  if (ascii(bytes, 4, 8) === 'ftyp' && sniffImageFormat(bytes) === null) {
    return ascii(bytes, 8, 10) === 'qt' ? 'mov' : 'mp4';
  }
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    // EBML: the DocType element says which; WebM files name it within the first bytes.
    return ascii(bytes, 0, 64).includes('webm') ? 'webm' : 'mkv';
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 11) === 'AVI') return 'avi';
  return null;
}

/** What an upload is, from its bytes alone. */
export function sniffMediaKind(bytes: Uint8Array): 'image' | 'video' | null {
  if (sniffImageFormat(bytes)) return 'image';
  if (sniffVideoFormat(bytes)) return 'video';
  return null;
}
