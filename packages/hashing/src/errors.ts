/** Why a hash string or buffer was rejected. Stable: callers map these to HTTP 400 / CLI exit codes. */
export type InvalidHashCode = 'hash_wrong_length' | 'hash_not_hex' | 'hash_wrong_type';

/** A hash given to the library is malformed. `code` is stable; `message` is for people. */
export class InvalidHashError extends Error {
  override readonly name = 'InvalidHashError';
  constructor(
    readonly code: InvalidHashCode,
    message: string,
  ) {
    super(message);
  }
}

/** An image or frame handed to a hasher does not describe a valid pixel buffer. */
export class InvalidImageError extends Error {
  override readonly name = 'InvalidImageError';
}
