import { readFile, stat } from 'node:fs/promises';
import { AppError } from '@haechi/core';
import { computePdq, computePdqDihedral, formatHash256, md5Hex, sha256Hex } from '@haechi/hashing';
import { decodeImage, resolveImageDecodeLimits, type ImageDecodeLimits } from '@haechi/media';
import { toFileError } from './file-error.js';
import type { HashLine } from './hash-line.js';

export interface HashFileOptions {
  readonly dihedral: boolean;
  readonly limits: Partial<ImageDecodeLimits>;
}

/**
 * Hashes one image file: PDQ (and its dihedral variants) of the decoded pixels, MD5 and SHA-256 of
 * the bytes as stored. Never throws: a file that cannot be hashed gives a line with the reason.
 */
export async function hashImageFile(path: string, options: HashFileOptions): Promise<HashLine> {
  try {
    const limits = resolveImageDecodeLimits(options.limits);
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('file_unreadable', 'not a regular file');
    // Checked before reading, so a huge file is refused without loading it into memory.
    if (info.size > limits.maxInputBytes) {
      throw new AppError(
        'media_too_large',
        `the file is ${info.size} bytes; the limit is ${limits.maxInputBytes} bytes`,
      );
    }
    const bytes = new Uint8Array(await readFile(path));
    const image = await decodeImage(bytes, limits);
    const md5 = md5Hex(bytes);
    const sha256 = sha256Hex(bytes);
    if (options.dihedral) {
      const { hashes, quality } = computePdqDihedral(image);
      const dihedral = hashes.map(formatHash256);
      return { path, pdq: dihedral[0] as string, quality, md5, sha256, dihedral };
    }
    const { hash, quality } = computePdq(image);
    return { path, pdq: formatHash256(hash), quality, md5, sha256 };
  } catch (error) {
    const appError = toFileError(error);
    return { path, error: appError.message, code: appError.code };
  }
}
