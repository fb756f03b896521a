import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError, type SealedMedia } from '@haechi/core';
import { sniffImageFormat, sniffVideoFormat } from '@haechi/media';
import type { Sealer } from '../../services/sealing/sealer.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
};

/** The content type the bytes show (never what the uploader claimed). */
export function sniffContentType(bytes: Uint8Array): string {
  const format = sniffImageFormat(bytes) ?? sniffVideoFormat(bytes);
  return (format && CONTENT_TYPES[format]) ?? 'application/octet-stream';
}

/**
 * Envelope encryption for preserved media: each item gets its own AES-256-GCM data key, which the
 * master key seals (so a master-key rotation re-wraps keys, never re-encrypts media, and one
 * leaked data key opens one item).
 */
export class MediaVault {
  constructor(private readonly sealer: Sealer) {}

  seal(
    bytes: Uint8Array,
    meta: { id: string; screeningId: string; createdAt: string },
  ): SealedMedia {
    const dataKey = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
    return {
      ...meta,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: sniffContentType(bytes),
      size: bytes.length,
      keyWrapped: this.sealer.seal(dataKey.toString('base64')),
      iv: new Uint8Array(iv),
      tag: new Uint8Array(cipher.getAuthTag()),
      ciphertext: new Uint8Array(ciphertext),
      purgedAt: null,
    };
  }

  /** The plaintext bytes, checked against their recorded digest. */
  open(media: SealedMedia): Uint8Array {
    if (media.purgedAt !== null)
      throw new AppError('not_found', 'the media was purged and cannot be exported');
    const dataKey = Buffer.from(this.sealer.open(media.keyWrapped), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, media.iv);
    decipher.setAuthTag(media.tag);
    const bytes = Buffer.concat([decipher.update(media.ciphertext), decipher.final()]);
    if (createHash('sha256').update(bytes).digest('hex') !== media.sha256)
      throw new AppError('internal', 'preserved media does not match its digest');
    return new Uint8Array(bytes);
  }
}
