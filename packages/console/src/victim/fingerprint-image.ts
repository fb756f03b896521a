import {
  PDQ_MIN_QUALITY,
  computeEnrolmentCrops,
  computePdq,
  formatHash256,
  md5Hex,
  sha256Hex,
} from '@haechi/hashing';

/** What leaves her device for one picture: hashes only. */
export interface Fingerprint {
  readonly name: string;
  readonly pdq: string | null;
  readonly quality: number | null;
  readonly md5: string;
  readonly sha256: string;
  /** The PDQ of its crops (centred 90 % and 80 %, 90 % of each side): a cut-down re-post matches. */
  readonly crops: ReadonlyArray<{ readonly crop: string; readonly signal: string }>;
}

/**
 * Hashes a chosen picture in the browser: MD5 and SHA-256 of the file's bytes, and PDQ of its
 * pixels drawn on a canvas (as the server decodes them). The picture itself goes nowhere.
 */
export async function fingerprintImage(file: File): Promise<Fingerprint> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true });
    if (!context) throw new Error('no canvas');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const image = {
      width: pixels.width,
      height: pixels.height,
      channels: 4 as const,
      data: pixels.data,
    };
    const { hash, quality } = computePdq(image);
    const crops =
      quality >= PDQ_MIN_QUALITY
        ? computeEnrolmentCrops(image).map((c) => ({ crop: c.crop, signal: formatHash256(c.hash) }))
        : [];
    return {
      name: file.name,
      pdq: formatHash256(hash),
      quality,
      crops,
      md5: md5Hex(bytes),
      sha256: sha256Hex(bytes),
    };
  } finally {
    bitmap.close();
  }
}
