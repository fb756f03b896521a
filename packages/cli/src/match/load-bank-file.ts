import { AppError } from '@haechi/core';
import { parseHashList, type HashListProblem } from '@haechi/exchange';
import { ExactDigestIndex, PdqIndex, parseHash256 } from '@haechi/hashing';
import { readLines } from './read-lines.js';

/** A hash list loaded into indexes; every entry's id is its line number in the file. */
export interface BankFileIndexes {
  readonly pdq: PdqIndex;
  readonly md5: ExactDigestIndex;
  readonly sha256: ExactDigestIndex;
  readonly entries: number;
}

const SHOWN_PROBLEMS = 20;

/**
 * Loads a bank file (hex lines, CSV or JSON lines). Bad rows stop the load with an error naming
 * each line (the first 20), unless `onSkipped` is given: then each is reported there and skipped.
 */
export async function loadBankFile(
  path: string,
  onSkipped?: (problem: HashListProblem) => void,
): Promise<BankFileIndexes> {
  const pdq = new PdqIndex();
  const md5 = new ExactDigestIndex(16, 'MD5');
  const sha256 = new ExactDigestIndex(32, 'SHA-256');
  const problems: HashListProblem[] = [];
  let entries = 0;
  try {
    for await (const parsed of parseHashList(readLines(path))) {
      if (!parsed.ok) {
        if (onSkipped) onSkipped(parsed.problem);
        else problems.push(parsed.problem);
        continue;
      }
      const { line, signalType, signal } = parsed.record;
      if (signalType === 'vpdq') {
        // A video's frame list: matched by the server's screening, not by this image-hash command.
        const problem = { line, message: 'vPDQ signals are not matched by haechi match' };
        if (onSkipped) onSkipped(problem);
        else problems.push(problem);
        continue;
      }
      if (signalType === 'pdq') pdq.add(line, parseHash256(signal));
      else (signalType === 'md5' ? md5 : sha256).add(line, signal);
      entries++;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(
      'file_unreadable',
      `cannot read bank file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  line ${p.line}: ${p.message}`);
    const more =
      problems.length > SHOWN_PROBLEMS ? [`  … and ${problems.length - SHOWN_PROBLEMS} more`] : [];
    throw new AppError(
      'invalid_input',
      [
        `bank file ${path} has ${problems.length} bad row(s); nothing was loaded (use --skip-invalid to skip them):`,
        ...shown,
        ...more,
      ].join('\n'),
    );
  }
  pdq.seal();
  return { pdq, md5, sha256, entries };
}
