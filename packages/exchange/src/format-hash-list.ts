import { formatCsvField } from './csv-fields.js';
import type { HashListFormat } from './hash-list-record.js';
import type { SignalType } from './signal-types.js';

export interface HashListEntry {
  readonly signalType: SignalType;
  readonly signal: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** A PDQ's crop hashes: carried by JSON lines only (hex and CSV have no place for them). */
  readonly derived?: ReadonlyArray<{ readonly crop: string; readonly signal: string }>;
}

export interface FormatHashListOptions {
  /** CSV label columns, in order (a stream cannot look ahead to collect them). */
  readonly labelColumns?: readonly string[];
}

/**
 * Writes entries as lines (without line breaks) in one of the exchange formats, as they stream by.
 * Hex lines carry only the signal, so every entry must have the same signal type.
 */
export async function* formatHashList(
  entries: AsyncIterable<HashListEntry> | Iterable<HashListEntry>,
  format: HashListFormat,
  options: FormatHashListOptions = {},
): AsyncGenerator<string> {
  const labelColumns = options.labelColumns ?? [];
  if (format === 'csv')
    yield ['signal_type', 'signal', ...labelColumns].map(formatCsvField).join(',');
  let hexType: SignalType | null = null;
  for await (const entry of entries) {
    if (format === 'hex') {
      hexType ??= entry.signalType;
      if (entry.signalType !== hexType) {
        throw new Error(
          `a hex list holds one signal type; got ${entry.signalType} after ${hexType}`,
        );
      }
      yield entry.signal;
    } else if (format === 'csv') {
      const labels = entry.labels ?? {};
      yield [entry.signalType, entry.signal, ...labelColumns.map((c) => labels[c] ?? '')]
        .map(formatCsvField)
        .join(',');
    } else {
      yield JSON.stringify({
        signal_type: entry.signalType,
        signal: entry.signal,
        labels: entry.labels ?? {},
        ...(entry.derived?.length ? { derived: entry.derived } : {}),
      });
    }
  }
}
