import type { ErrorCode } from '@haechi/core';

/** One line of `haechi hash` output for a file that hashed. Field names are a stable interface. */
export interface HashedLine {
  readonly path: string;
  readonly pdq: string;
  readonly quality: number;
  readonly md5: string;
  readonly sha256: string;
  readonly dihedral?: readonly string[];
  /** With `--enrol`: the PDQ of each enrolment crop, banked as part of this picture's entry. */
  readonly crops?: ReadonlyArray<{ readonly crop: string; readonly signal: string }>;
}

/** One line of `haechi hash` output for a file that could not be hashed. */
export interface FailedLine {
  readonly path: string;
  readonly error: string;
  readonly code: ErrorCode;
}

/** One line for a video: its vPDQ signal (see @haechi/exchange) and digests. */
export interface HashedVideoLine {
  readonly path: string;
  readonly vpdq: string;
  readonly md5: string;
  readonly sha256: string;
}

export type HashLine = HashedLine | HashedVideoLine | FailedLine;

export function isFailedLine(line: HashLine): line is FailedLine {
  return 'error' in line;
}
