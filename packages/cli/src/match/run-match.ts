import { parseHashList, type HashListRecord } from '@haechi/exchange';
import {
  approximateDihedralHashes,
  formatHash256,
  parseHash256,
  queryDihedral,
  type IndexMatch,
} from '@haechi/hashing';
import type { BankFileIndexes } from './load-bank-file.js';
import { readLines } from './read-lines.js';

export interface MatchOptions {
  readonly radius: number;
  readonly dihedral: boolean;
  readonly writeLine: (line: string) => void;
}

interface MatchLine {
  readonly hash: string;
  readonly distance: number;
  readonly line: number;
  readonly variant?: number;
}

function matchRecord(
  bank: BankFileIndexes,
  record: HashListRecord,
  options: MatchOptions,
): MatchLine[] {
  if (record.signalType !== 'pdq') {
    const index = record.signalType === 'md5' ? bank.md5 : bank.sha256;
    return index.lookup(record.signal).map((line) => ({ hash: record.signal, distance: 0, line }));
  }
  const query = parseHash256(record.signal);
  const toLine = (m: IndexMatch & { variant?: number }): MatchLine => ({
    hash: formatHash256(bank.pdq.hashOf(m.id) as Uint8Array),
    distance: m.distance,
    line: m.id,
    ...(m.variant === undefined ? {} : { variant: m.variant }),
  });
  if (options.dihedral)
    return queryDihedral(bank.pdq, approximateDihedralHashes(query), options.radius).map(toLine);
  return bank.pdq.query(query, options.radius).map(toLine);
}

/**
 * Matches every signal of the query file against the bank, printing one JSON line per query in
 * order: {"query","matches":[{"hash","distance","line"}]}. A bad query line prints
 * {"line","error"}. Returns how many query lines were bad.
 */
export async function runMatch(
  bank: BankFileIndexes,
  queryPath: string,
  options: MatchOptions,
): Promise<number> {
  let bad = 0;
  for await (const parsed of parseHashList(readLines(queryPath))) {
    if (!parsed.ok) {
      bad++;
      options.writeLine(
        JSON.stringify({ line: parsed.problem.line, error: parsed.problem.message }),
      );
      continue;
    }
    const matches = matchRecord(bank, parsed.record, options);
    options.writeLine(JSON.stringify({ query: parsed.record.signal, matches }));
  }
  return bad;
}
