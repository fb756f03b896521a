import { AppError } from '@haechi/core';
import { parseHashList, type SignalType } from '@haechi/exchange';
import { readLines } from '../match/read-lines.js';

/**
 * The signals named on the command line (hex of `signalType`) and in a list file (any exchange
 * format), validated; a bad one refuses them all, naming its line.
 */
export async function readSignalList(
  signals: readonly string[],
  file: string | undefined,
  signalType: SignalType,
): Promise<Array<{ signalType: string; signal: string }>> {
  const out = signals.map((signal) => ({ signalType: signalType, signal }));
  if (file === undefined) return out;
  for await (const parsed of parseHashList(readLines(file), { signalType })) {
    if (!parsed.ok)
      throw new AppError(
        'invalid_hash',
        `${file} line ${parsed.problem.line}: ${parsed.problem.message}`,
      );
    out.push({ signalType: parsed.record.signalType, signal: parsed.record.signal });
  }
  return out;
}
