import { AppError } from '@haechi/core';
import { normalizeSignal, parseDerived, parseSignalType } from '@haechi/exchange';

/** Most URLs one request adds. */
export const MAX_URLS = 200;
/** Most hashes one case takes (her images, each with PDQ, MD5 and SHA-256). */
export const MAX_CASE_HASHES = 300;
/** Most face embeddings one case takes (one per photo she enrolls). */
const MAX_FACES = 10;

/**
 * Face embeddings as the face model makes them (`length` values when face search is on, else
 * 64–2048), finite and not all zero; AppError `invalid_input` otherwise.
 */
export function checkFaceEmbeddings(
  faces: ReadonlyArray<readonly number[]>,
  length: number | undefined,
): void {
  if (faces.length > MAX_FACES)
    throw new AppError('invalid_input', `at most ${MAX_FACES} face embeddings`);
  for (const face of faces)
    if (
      (length !== undefined ? face.length !== length : face.length < 64 || face.length > 2048) ||
      !face.every(Number.isFinite) ||
      face.every((v) => v === 0)
    )
      throw new AppError(
        'invalid_input',
        length !== undefined
          ? `a face embedding is ${length} finite numbers, not all zero (the face model's)`
          : 'a face embedding is 64–2048 finite numbers, not all zero',
      );
}

/** The case's hashes as import lines, each checked for its type; AppError names the bad one. */
export function checkCaseHashes(
  hashes: ReadonlyArray<{
    signalType: string;
    signal: string;
    derived?: ReadonlyArray<{ crop: string; signal: string }>;
  }>,
): string[] {
  if (hashes.length > MAX_CASE_HASHES)
    throw new AppError('invalid_input', `hashes: at most ${MAX_CASE_HASHES} in one case`);
  return hashes.map((h, i) => {
    let signal: string;
    try {
      const type = parseSignalType(h.signalType);
      signal = normalizeSignal(type, h.signal);
      const derived = parseDerived(h.derived, type);
      return JSON.stringify({ signal_type: type, signal, ...(derived ? { derived } : {}) });
    } catch (error) {
      throw new AppError('invalid_hash', `hashes[${i}]: ${(error as Error).message}`);
    }
  });
}

/** A URL she gives: http(s), at most 2048 characters; AppError `invalid_input` otherwise. */
export function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', `not a URL: ${JSON.stringify(value.slice(0, 100))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('invalid_input', 'URLs must be http or https');
  if (url.href.length > 2048)
    throw new AppError('invalid_input', 'a URL may have at most 2048 characters');
  return url.href;
}
