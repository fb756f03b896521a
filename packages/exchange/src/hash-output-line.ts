import { parseDerived } from './derived-signals.js';
import { PDQ_MIN_QUALITY } from '@haechi/hashing';
import type { HashListRecord } from './hash-list-record.js';
import { parseLabels } from './json-object.js';
import { normalizeSignal, type SignalType } from './signal-types.js';

/** The signals a line of `haechi hash` carries, in the order they are banked. */
const FIELDS: readonly SignalType[] = ['pdq', 'vpdq', 'md5', 'sha256'];

/** Whether a JSON line is `haechi hash` output (a file's hashes) rather than one signal. */
export function isHashOutput(object: Record<string, unknown>): boolean {
  return object['signal_type'] === undefined && 'path' in object;
}

/**
 * The signals of one line of `haechi hash` output, so `haechi hash photos/ > hashes.jsonl` can be
 * imported as it is. A line for a file that could not be hashed, or whose PDQ has too little detail
 * to bank (quality below 50: a flat or tiny picture would match every other flat picture), is an
 * error naming the file.
 */
export function recordsOfHashOutput(
  object: Record<string, unknown>,
  line: number,
): HashListRecord[] {
  const path = JSON.stringify(String(object['path']));
  if (typeof object['error'] === 'string')
    throw new Error(`${path} was not hashed: ${object['error']}`);
  const quality = object['quality'];
  if (object['pdq'] !== undefined && typeof quality === 'number' && quality < PDQ_MIN_QUALITY)
    throw new Error(
      `${path}: PDQ quality ${quality} is below ${PDQ_MIN_QUALITY}, too little detail to bank`,
    );
  const labels = parseLabels(object['labels']);
  const crops = object['crops'] === undefined ? undefined : parseDerived(object['crops'], 'pdq');
  const records = FIELDS.filter((type) => object[type] !== undefined).map((signalType) => ({
    line,
    signalType,
    signal: normalizeSignal(signalType, object[signalType]),
    labels,
    ...(signalType === 'pdq' && crops ? { derived: crops } : {}),
  }));
  if (records.length === 0) throw new Error(`${path}: no pdq, vpdq, md5 or sha256 field`);
  return records;
}
