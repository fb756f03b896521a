import { InvalidHashError, hexToBytes } from '@haechi/hashing';
import { formatVpdqSignal, parseVpdqSignal } from './vpdq-signal.js';

/**
 * Signal types a hash list can hold. Stable names, shared with HMA and ThreatExchange: stored in
 * databases and exchanged with other systems, so never renamed.
 */
export const SIGNAL_TYPES = ['pdq', 'md5', 'sha256', 'vpdq'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];
/** The signal types that are one hex string (a PDQ hash or a digest), as a case's hashes are. */
export const HEX_SIGNAL_TYPES = ['pdq', 'md5', 'sha256'] as const;
export type HexSignalType = (typeof HEX_SIGNAL_TYPES)[number];
/** The file digests, matched exactly. */
export const DIGEST_SIGNAL_TYPES = ['md5', 'sha256'] as const;
const BYTE_LENGTH: Readonly<Record<HexSignalType, number>> = { pdq: 32, md5: 16, sha256: 32 };
const DISPLAY_NAME: Readonly<Record<HexSignalType, string>> = {
  pdq: 'PDQ hash',
  md5: 'MD5',
  sha256: 'SHA-256',
};

export function isSignalType(value: unknown): value is SignalType {
  return typeof value === 'string' && (SIGNAL_TYPES as readonly string[]).includes(value);
}

/** Parses a signal type name, case-insensitively ("PDQ" → "pdq"). */
export function parseSignalType(value: string): SignalType {
  const name = value.trim().toLowerCase();
  if (!isSignalType(name)) {
    throw new InvalidHashError(
      'hash_wrong_type',
      `unknown signal type "${value}"; expected one of ${SIGNAL_TYPES.join(', ')}`,
    );
  }
  return name;
}

/**
 * The signal in its canonical form, after checking it for the type: lower-case hex of the right
 * length, or for vPDQ the frame list re-written (see vpdq-signal.ts).
 */
export function normalizeSignal(type: SignalType, value: unknown): string {
  if (type === 'vpdq') return formatVpdqSignal(parseVpdqSignal(value));
  const hex = typeof value === 'string' ? value.trim() : value;
  hexToBytes(hex, BYTE_LENGTH[type], DISPLAY_NAME[type]);
  return (hex as string).toLowerCase();
}
