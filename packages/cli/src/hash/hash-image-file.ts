import { readFile, stat } from 'node:fs/promises';
import { AppError } from '@haechi/core';
import { formatVpdqSignal } from '@haechi/exchange';
import {
  computeEnrolmentCrops,
  computePdq,
  computePdqDihedral,
  computeVpdq,
  formatHash256,
  md5Hex,
  sha256Hex,
} from '@haechi/hashing';
import {
  DEFAULT_VIDEO_DECODE_LIMITS,
  decodeImage,
  decodeVideoFrames,
  resolveImageDecodeLimits,
  sniffMediaKind,
  type ImageDecodeLimits,
} from '@haechi/media';
import { toFileError } from './file-error.js';
import type { HashLine } from './hash-line.js';

export interface HashFileOptions {
  readonly dihedral: boolean;
  /** Also hash the enrolment crops (`crops`), for a picture about to be banked. */
  readonly enrol?: boolean;
  readonly limits: Partial<ImageDecodeLimits>;
}

/**
 * Hashes one file: for an image, PDQ (and its dihedral variants) of the decoded pixels; for a video,
 * its vPDQ signal (frames at 1 fps); for both, MD5 and SHA-256 of the bytes as stored. Never
 * throws: a file that cannot be hashed gives a line with the reason.
 */
export async function hashImageFile(path: string, options: HashFileOptions): Promise<HashLine> {
  try {
    const limits = resolveImageDecodeLimits(options.limits);
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('file_unreadable', 'not a regular file');
    // Checked before reading, so a huge file is refused without loading it into memory.
    const sizeLimit = Math.max(limits.maxInputBytes, DEFAULT_VIDEO_DECODE_LIMITS.maxInputBytes);
    if (info.size > sizeLimit) {
      throw new AppError(
        'media_too_large',
        `the file is ${info.size} bytes; the limit is ${sizeLimit} bytes`,
      );
    }
    const bytes = new Uint8Array(await readFile(path));
    if (sniffMediaKind(bytes) === 'video') {
      const video = await decodeVideoFrames(bytes);
      const vpdq = formatVpdqSignal(computeVpdq(video.frames));
      return { path, vpdq, md5: md5Hex(bytes), sha256: sha256Hex(bytes) };
    }
    const image = await decodeImage(bytes, limits);
    const md5 = md5Hex(bytes);
    const sha256 = sha256Hex(bytes);
    const crops = options.enrol
      ? {
          crops: computeEnrolmentCrops(image).map((c) => ({
            crop: c.crop,
            signal: formatHash256(c.hash),
          })),
        }
      : {};
    if (options.dihedral) {
      const { hashes, quality } = computePdqDihedral(image);
      const dihedral = hashes.map(formatHash256);
      return { path, pdq: dihedral[0], quality, md5, sha256, dihedral, ...crops };
    }
    const { hash, quality } = computePdq(image);
    return { path, pdq: formatHash256(hash), quality, md5, sha256, ...crops };
  } catch (error) {
    const appError = toFileError(error);
    return { path, error: appError.message, code: appError.code };
  }
}
