import { inflateSync } from 'node:zlib';

/** The metadata blocks of an image file that can carry provenance. */
export interface ContainerMetadata {
  readonly format: 'jpeg' | 'png' | 'webp' | 'other';
  /** XMP packets (XML text). */
  readonly xmp: readonly string[];
  /** EXIF/TIFF blocks (starting at the TIFF header). */
  readonly exif: readonly Uint8Array[];
  /** PNG text chunks (tEXt, zTXt, iTXt), keyword and text. */
  readonly text: ReadonlyArray<{ readonly keyword: string; readonly text: string }>;
  /** JUMBF boxes (C2PA manifest stores), reassembled from their segments. */
  readonly jumbf: readonly Uint8Array[];
}

/** Metadata larger than this is not read (a provenance block is kilobytes, not megabytes). */
const MAX_BLOCK = 16 * 1024 * 1024;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const XMP_JPEG = 'http://ns.adobe.com/xap/1.0/\u0000';

const startsWith = (bytes: Uint8Array, at: number, ascii: string): boolean => {
  if (at + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
};
const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32be = (b: Uint8Array, i: number) => (u16be(b, i) * 65536 + u16be(b, i + 2)) >>> 0;
const u32le = (b: Uint8Array, i: number) =>
  (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 16777216;

function inflateLimited(bytes: Uint8Array): Uint8Array | null {
  try {
    return inflateSync(bytes, { maxOutputLength: MAX_BLOCK });
  } catch {
    return null; // damaged or too large: not evidence either way
  }
}

/** JPEG: APP1 (EXIF, XMP) and APP11 (JUMBF, in numbered packets) up to the image data. */
function readJpeg(b: Uint8Array): ContainerMetadata {
  const xmp: string[] = [];
  const exif: Uint8Array[] = [];
  const packets = new Map<string, Array<{ seq: number; data: Uint8Array }>>();
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    if (marker === 0xda || marker === 0xd9) break; // image data: metadata comes before it
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = u16be(b, i + 2);
    const start = i + 4;
    const end = i + 2 + length;
    if (length < 2 || end > b.length) break;
    if (marker === 0xe1 && startsWith(b, start, 'Exif\u0000\u0000'))
      exif.push(b.subarray(start + 6, end));
    else if (marker === 0xe1 && startsWith(b, start, XMP_JPEG))
      xmp.push(utf8.decode(b.subarray(start + XMP_JPEG.length, end)));
    else if (marker === 0xeb && startsWith(b, start, 'JP') && end - start > 16) {
      // JPEG XT: CI "JP", box instance (2), packet sequence (4), then the box; later packets
      // repeat the box's LBox/TBox before continuing its payload.
      const instance = u16be(b, start + 2);
      const seq = u32be(b, start + 4);
      const boxType = latin1.decode(b.subarray(start + 12, start + 16));
      const list = packets.get(`${boxType}:${instance}`) ?? [];
      list.push({ seq, data: b.subarray(list.length === 0 ? start + 8 : start + 16, end) });
      packets.set(`${boxType}:${instance}`, list);
    }
    i = end;
  }
  const jumbf = [...packets.values()].map((list) => {
    const parts = list.sort((x, y) => x.seq - y.seq).map((p) => p.data);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const joined = new Uint8Array(Math.min(total, MAX_BLOCK));
    let at = 0;
    for (const part of parts) {
      if (at + part.length > joined.length) break;
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  });
  return { format: 'jpeg', xmp, exif, text: [], jumbf };
}

/** PNG: text chunks, eXIf, and caBX (C2PA). */
function readPng(b: Uint8Array): ContainerMetadata {
  const xmp: string[] = [];
  const exif: Uint8Array[] = [];
  const text: Array<{ keyword: string; text: string }> = [];
  const jumbf: Uint8Array[] = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = u32be(b, i);
    const type = latin1.decode(b.subarray(i + 4, i + 8));
    const data = b.subarray(i + 8, Math.min(i + 8 + length, b.length));
    if (type === 'IEND' || length > MAX_BLOCK) break;
    const nul = data.indexOf(0);
    if (type === 'tEXt' && nul > 0)
      text.push({
        keyword: latin1.decode(data.subarray(0, nul)),
        text: latin1.decode(data.subarray(nul + 1)),
      });
    else if (type === 'zTXt' && nul > 0) {
      const keyword = latin1.decode(data.subarray(0, nul));
      const inflated = inflateLimited(data.subarray(nul + 2));
      // zTXt is Latin-1 by the PNG spec, but XMP in it is UTF-8.
      const decoder = keyword === 'XML:com.adobe.xmp' ? utf8 : latin1;
      if (inflated) text.push({ keyword, text: decoder.decode(inflated) });
    } else if (type === 'iTXt' && nul > 0) {
      // keyword\0 compressed(1) method(1) language\0 translated\0 text
      const keyword = latin1.decode(data.subarray(0, nul));
      const compressed = data[nul + 1] === 1;
      const lang = data.indexOf(0, nul + 3);
      const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      if (translated >= 0) {
        const raw = data.subarray(translated + 1);
        const body = compressed ? inflateLimited(raw) : raw;
        if (body) text.push({ keyword, text: utf8.decode(body) });
      }
    } else if (type === 'eXIf') exif.push(data);
    else if (type === 'caBX') jumbf.push(data);
    i += 12 + length;
  }
  // XMP may come in any of the three text chunks, under its registered keyword.
  const isXmp = (t: { keyword: string }) => t.keyword === 'XML:com.adobe.xmp';
  xmp.push(...text.filter(isXmp).map((t) => t.text));
  return { format: 'png', xmp, exif, text: text.filter((t) => !isXmp(t)), jumbf };
}

/** WebP: RIFF chunks XMP, EXIF and C2PA. */
function readWebp(b: Uint8Array): ContainerMetadata {
  const xmp: string[] = [];
  const exif: Uint8Array[] = [];
  const jumbf: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = latin1.decode(b.subarray(i, i + 4));
    const length = u32le(b, i + 4);
    if (length > MAX_BLOCK) break;
    const data = b.subarray(i + 8, Math.min(i + 8 + length, b.length));
    if (type === 'XMP ') xmp.push(utf8.decode(data));
    else if (type === 'EXIF')
      exif.push(startsWith(data, 0, 'Exif\u0000\u0000') ? data.subarray(6) : data);
    else if (type === 'C2PA') jumbf.push(data);
    i += 8 + length + (length % 2);
  }
  return { format: 'webp', xmp, exif, text: [], jumbf };
}

/** Reads the provenance-carrying metadata of a JPEG, PNG or WebP file; other files have none. */
export function readContainerMetadata(bytes: Uint8Array): ContainerMetadata {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  if (startsWith(bytes, 0, '\u0089PNG\r\n\u001a\n')) return readPng(bytes);
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return readWebp(bytes);
  return { format: 'other', xmp: [], exif: [], text: [], jumbf: [] };
}
