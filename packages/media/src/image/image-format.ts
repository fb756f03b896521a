/** Image containers Haechi accepts. Stable names: they appear in API answers and stored evidence. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic';

export const SUPPORTED_IMAGE_FORMATS: readonly ImageFormat[] = [
  'jpeg',
  'png',
  'webp',
  'gif',
  'tiff',
  'avif',
  'heic',
];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

// ISO-BMFF brands of HEIF stills; AV1-coded ones are AVIF.
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/**
 * The image format from the file's first bytes, or null. We sniff ourselves rather than trust a file
 * name or a Content-Type header, so a renamed PDF gets a clear "not an image" answer.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (AVIF_BRANDS.has(brand)) return 'avif';
    if (HEIC_BRANDS.has(brand)) return 'heic';
  }
  return null;
}

const KNOWN_OTHER_TYPES: ReadonlyArray<{ name: string; test: (b: Uint8Array) => boolean }> = [
  { name: 'a PDF document', test: (b) => ascii(b, 0, 5) === '%PDF-' },
  { name: 'a ZIP archive', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { name: 'a BMP image (not supported)', test: (b) => ascii(b, 0, 2) === 'BM' },
  { name: 'an SVG or XML document', test: (b) => /^\s*<(\?xml|svg)/i.test(ascii(b, 0, 64)) },
  { name: 'an HTML page', test: (b) => /^\s*<(!doctype|html)/i.test(ascii(b, 0, 64)) },
  {
    name: 'a video or audio file',
    test: (b) => ascii(b, 4, 8) === 'ftyp' || startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]),
  },
];

/** A short, safe description of what a non-image file looks like, for error messages. */
export function describeUnknownBytes(bytes: Uint8Array): string {
  const known = KNOWN_OTHER_TYPES.find((t) => t.test(bytes));
  if (known) return known.name;
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `unknown data starting with bytes ${head}`;
}

/**
 * Whether a PNG is animated (APNG): an `acTL` chunk comes before the first `IDAT`. Reads chunk
 * headers only; a damaged chunk list is "not animated" (the decoder then says what is wrong).
 */
export function isAnimatedPng(bytes: Uint8Array): boolean {
  if (sniffImageFormat(bytes) !== 'png') return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    at += 12 + length;
  }
  return false;
}
