import { AppError, isAppError } from '@haechi/core';

const ERRNO_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error while reading',
};

/**
 * Turns whatever went wrong with one file into an AppError with a message a person understands.
 * File-system errors keep only their errno meaning: Node's messages repeat the path, which the
 * output line already carries.
 */
export function toFileError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const errno = (error as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && errno in ERRNO_MESSAGES) {
    return new AppError('file_unreadable', ERRNO_MESSAGES[errno], { cause: error });
  }
  return new AppError(
    'internal',
    `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    {
      cause: error,
    },
  );
}
