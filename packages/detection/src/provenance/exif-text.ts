/** The EXIF text fields generators write into: Software, ImageDescription, Make, UserComment. */
export interface ExifText {
  readonly software?: string;
  readonly imageDescription?: string;
  readonly make?: string;
  readonly userComment?: string;
}

const TAGS: Readonly<Record<number, keyof ExifText>> = {
  0x010e: 'imageDescription',
  0x010f: 'make',
  0x0131: 'software',
  0x9286: 'userComment',
};
const EXIF_IFD = 0x8769;
const MAX_TEXT = 64 * 1024;

/** Reads those fields from a TIFF block; a malformed block yields what could be read safely. */
export function readExifText(tiff: Uint8Array): ExifText {
  const out: { -readonly [K in keyof ExifText]?: string } = {};
  if (tiff.length < 8) return out;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return out;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const visited = new Set<number>();
  const readIfd = (offset: number) => {
    if (visited.has(offset) || offset + 2 > tiff.length) return;
    visited.add(offset);
    const count = u16(offset);
    for (let n = 0; n < count && n < 1000; n++) {
      const entry = offset + 2 + n * 12;
      if (entry + 12 > tiff.length) return;
      const tag = u16(entry);
      const type = u16(entry + 2);
      const length = u32(entry + 4);
      if (tag === EXIF_IFD) {
        readIfd(u32(entry + 8));
        continue;
      }
      const field = TAGS[tag];
      if (!field || (type !== 2 && type !== 7) || length > MAX_TEXT) continue;
      const start = length <= 4 ? entry + 8 : u32(entry + 8);
      if (start + length > tiff.length) continue;
      let bytes = tiff.subarray(start, start + length);
      // UserComment starts with an 8-byte character code ("ASCII\0\0\0", "UNICODE\0"…).
      let encoding = 'latin1';
      if (field === 'userComment' && bytes.length >= 8) {
        if (new TextDecoder('latin1').decode(bytes.subarray(0, 7)) === 'UNICODE')
          encoding = little ? 'utf-16le' : 'utf-16be';
        bytes = bytes.subarray(8);
      }
      // Text ends at its first NUL (fields are NUL-padded).
      const text = (new TextDecoder(encoding).decode(bytes).split('\u0000')[0] ?? '').trim();
      if (text !== '') out[field] = text;
    }
  };
  readIfd(u32(4));
  return out;
}
