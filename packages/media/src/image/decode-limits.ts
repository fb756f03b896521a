import { AppError } from '@haechi/core';

/**
 * Hard limits applied before and while decoding. Every input is hostile until decoded: the byte limit
 * is checked before anything is parsed, the pixel and side limits from the header before any pixel is
 * decoded (a 100-byte PNG can declare 4 billion pixels), and the time limit while decoding.
 */
export interface ImageDecodeLimits {
  /** Largest accepted file, in bytes. */
  readonly maxInputBytes: number;
  /** Largest accepted width × height of the (first) frame. */
  readonly maxPixels: number;
  /** Largest accepted width or height. */
  readonly maxDimension: number;
  /** Longest a single decode may take, in seconds. */
  readonly timeoutSeconds: number;
}

export const DEFAULT_IMAGE_DECODE_LIMITS: ImageDecodeLimits = {
  maxInputBytes: 50 * 1024 * 1024,
  maxPixels: 64_000_000,
  maxDimension: 30_000,
  timeoutSeconds: 20,
};

/** Merges overrides onto the defaults and rejects nonsense values with a clear message. */
export function resolveImageDecodeLimits(
  overrides: Partial<ImageDecodeLimits> = {},
): ImageDecodeLimits {
  return assertPositiveLimits({ ...DEFAULT_IMAGE_DECODE_LIMITS, ...overrides }, 'decode limit');
}

/** Every limit must be a whole number > 0; a bad one is named in an AppError `invalid_input`. */
export function assertPositiveLimits<T extends object>(limits: T, what: string): T {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      throw new AppError(
        'invalid_input',
        `${what} ${name} must be a whole number > 0, got ${String(value)}`,
      );
    }
  }
  return limits;
}
