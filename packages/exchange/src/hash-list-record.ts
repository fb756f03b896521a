import type { SignalType } from './signal-types.js';

export type HashListFormat = 'hex' | 'csv' | 'jsonl';

/** One signal from a hash list, with the line it came from (1-based) for error messages. */
export interface HashListRecord {
  readonly line: number;
  readonly signalType: SignalType;
  /** Lower-case hex, validated for its type. */
  readonly signal: string;
  readonly labels: Readonly<Record<string, string>>;
  /** For a PDQ enrolled from a picture: the hashes of its crops, stored as part of the entry. */
  readonly derived?: ReadonlyArray<{ readonly crop: string; readonly signal: string }>;
}

/** A line that could not be read, and why. */
export interface HashListProblem {
  readonly line: number;
  readonly message: string;
}

export type ParsedHashListLine =
  | { readonly ok: true; readonly record: HashListRecord }
  | { readonly ok: false; readonly problem: HashListProblem };
