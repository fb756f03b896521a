import { parseJsonObject, parseLabels } from './json-object.js';
import { normalizeSignal, parseSignalType, type SignalType } from './signal-types.js';

/**
 * One step of a bank's delta feed, as exchanged between systems (one JSON object a line, or an
 * array in an API page). Keyed by (signal_type, signal), not by a local id, so a mirror that has
 * other ids applies withdrawals too; `seq` is the source's cursor: a mirror reads `since` the last
 * `seq` it applied.
 */
export interface DeltaFeedChange {
  readonly seq: number;
  readonly op: 'add' | 'withdraw';
  readonly bank: string;
  readonly signalType: SignalType;
  readonly signal: string;
  readonly labels: Readonly<Record<string, string>>;
  /** When the source added or withdrew the entry (ISO 8601 UTC). */
  readonly at: string;
}

/** The change as one JSON line (without the line break). */
export function formatDeltaChange(change: DeltaFeedChange): string {
  return JSON.stringify({
    seq: change.seq,
    op: change.op,
    bank: change.bank,
    signal_type: change.signalType,
    signal: change.signal,
    labels: change.labels,
    at: change.at,
  });
}

/** Reads one line of a delta feed; throws an Error that says what is wrong with it. */
export function parseDeltaChange(text: string): DeltaFeedChange {
  const { seq, op, bank, signal_type: type, signal, labels, at } = parseJsonObject(text);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    throw new Error('"seq" must be a whole number ≥ 1');
  if (op !== 'add' && op !== 'withdraw') throw new Error('"op" must be "add" or "withdraw"');
  if (typeof bank !== 'string' || bank === '') throw new Error('"bank" must be a bank name');
  if (typeof type !== 'string') throw new Error('"signal_type" must be a string');
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
    throw new Error('"at" must be an ISO 8601 time');
  const signalType = parseSignalType(type);
  return {
    seq,
    op,
    bank,
    signalType,
    signal: normalizeSignal(signalType, signal),
    labels: parseLabels(labels),
    at,
  };
}
