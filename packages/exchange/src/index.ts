export { formatCsvField, splitCsvLine } from './csv-fields.js';
export {
  formatHashList,
  type FormatHashListOptions,
  type HashListEntry,
} from './format-hash-list.js';
export type {
  HashListFormat,
  HashListProblem,
  HashListRecord,
  ParsedHashListLine,
} from './hash-list-record.js';
export { parseHashList, type ParseHashListOptions } from './parse-hash-list.js';
export {
  DIGEST_SIGNAL_TYPES,
  HEX_SIGNAL_TYPES,
  SIGNAL_TYPES,
  isSignalType,
  normalizeSignal,
  parseSignalType,
  type HexSignalType,
  type SignalType,
} from './signal-types.js';
export { formatDeltaChange, parseDeltaChange, type DeltaFeedChange } from './delta-feed.js';
export { MAX_VPDQ_FRAMES, formatVpdqSignal, parseVpdqSignal } from './vpdq-signal.js';
export { MAX_DERIVED, parseDerived } from './derived-signals.js';
