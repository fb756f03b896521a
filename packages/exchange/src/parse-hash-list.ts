import { parseDerived } from './derived-signals.js';
import { splitCsvLine } from './csv-fields.js';
import type { HashListFormat, HashListRecord, ParsedHashListLine } from './hash-list-record.js';
import { isHashOutput, recordsOfHashOutput } from './hash-output-line.js';
import { parseJsonObject, parseLabels } from './json-object.js';
import { normalizeSignal, parseSignalType, type SignalType } from './signal-types.js';

export interface ParseHashListOptions {
  /** 'auto' (default) decides from the first line: `{` → JSON lines, a `signal_type` header → CSV, else hex. */
  readonly format?: HashListFormat | 'auto';
  /** Signal type of plain hex lines (default 'pdq'). */
  readonly signalType?: SignalType;
  /** Longest accepted line in characters (default 65,536): a hostile file cannot exhaust memory. */
  readonly maxLineLength?: number;
}

/** A line's records: one, or several for a line of `haechi hash` output. */
type LineParser = (text: string, line: number) => HashListRecord[];

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function detectFormat(firstLine: string): HashListFormat {
  const text = firstLine.trimStart();
  if (text.startsWith('{')) return 'jsonl';
  if (/^"?signal_type"?\s*,/i.test(text)) return 'csv';
  return 'hex';
}

function hexLineParser(signalType: SignalType): LineParser {
  return (text, line) => [
    { line, signalType, signal: normalizeSignal(signalType, text), labels: NO_LABELS },
  ];
}

/** The header names the columns; every column after signal_type and signal is a label. */
function csvParser(header: string): LineParser {
  const columns = splitCsvLine(header).map((c) => c.trim());
  if (columns[0]?.toLowerCase() !== 'signal_type' || columns[1]?.toLowerCase() !== 'signal') {
    throw new Error('the CSV header must start with signal_type,signal');
  }
  const labelColumns = columns.slice(2);
  labelColumns.forEach((name, i) => {
    if (name === '') throw new Error(`CSV column ${i + 3} has no name`);
    if (labelColumns.indexOf(name) !== i) throw new Error(`CSV column "${name}" appears twice`);
  });
  return (text, line) => {
    const fields = splitCsvLine(text);
    if (fields.length !== columns.length) {
      throw new Error(`expected ${columns.length} fields as in the header, got ${fields.length}`);
    }
    const signalType = parseSignalType(fields[0]);
    const labels: Record<string, string> = {};
    labelColumns.forEach((name, i) => {
      const value = fields[i + 2].trim();
      if (value !== '') labels[name] = value;
    });
    return [{ line, signalType, signal: normalizeSignal(signalType, fields[1]), labels }];
  };
}

/** A JSON line: one signal (`signal_type`, `signal`, `labels`), or a line of `haechi hash`. */
function jsonLineParser(text: string, line: number): HashListRecord[] {
  const object = parseJsonObject(text);
  if (isHashOutput(object)) return recordsOfHashOutput(object, line);
  const { signal_type: type, signal, labels, derived } = object;
  if (typeof type !== 'string') throw new Error('"signal_type" must be a string');
  const signalType = parseSignalType(type);
  const crops = parseDerived(derived, signalType);
  return [
    {
      line,
      signalType,
      signal: normalizeSignal(signalType, signal),
      labels: parseLabels(labels),
      ...(crops ? { derived: crops } : {}),
    },
  ];
}

/**
 * Reads a hash list line by line, as it streams in: a 10-million-line file never becomes a
 * 10-million-element array. Yields each record, or the problem with a line, in order; blank lines
 * (and `#` comments in hex lists) are skipped. A bad CSV header yields one problem and ends the list.
 */
export async function* parseHashList(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ParseHashListOptions = {},
): AsyncGenerator<ParsedHashListLine> {
  const maxLineLength = options.maxLineLength ?? 65_536;
  let parse: LineParser | null = null;
  let format: HashListFormat | null = null;
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (text.trim() === '') continue;
    if (text.length > maxLineLength) {
      yield {
        ok: false,
        problem: { line, message: `line is longer than ${maxLineLength} characters` },
      };
      continue;
    }
    if (!parse) {
      format = !options.format || options.format === 'auto' ? detectFormat(text) : options.format;
      if (format === 'csv') {
        try {
          parse = csvParser(text);
        } catch (error) {
          yield { ok: false, problem: { line, message: (error as Error).message } };
          return;
        }
        continue;
      }
      parse = format === 'jsonl' ? jsonLineParser : hexLineParser(options.signalType ?? 'pdq');
    }
    if (format === 'hex' && text.trimStart().startsWith('#')) continue;
    let records: HashListRecord[];
    try {
      records = parse(text, line);
    } catch (error) {
      yield { ok: false, problem: { line, message: (error as Error).message } };
      continue;
    }
    for (const record of records) yield { ok: true, record };
  }
}
