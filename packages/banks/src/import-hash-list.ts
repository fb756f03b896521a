import { AppError, type BankStore, type NewBankEntry } from '@haechi/core';
import { parseHashList, type HashListProblem, type ParseHashListOptions } from '@haechi/exchange';
import { requireBank } from './bank-name.js';

export interface ImportHashListInput {
  readonly bank: string;
  /** The list's lines as they stream in (hex lines, CSV with a header, or JSON lines). */
  readonly lines: AsyncIterable<string> | Iterable<string>;
  readonly parse?: ParseHashListOptions;
  /** Recorded on every entry: the file, case or system it came from. */
  readonly source: string;
  readonly caseId?: string | null;
  readonly addedBy: string;
  readonly at: string;
  /** Skip bad and duplicate rows (each reported to onSkipped) instead of importing nothing. */
  readonly skipInvalid?: boolean;
  readonly onSkipped?: (problem: HashListProblem) => void;
}

export interface ImportHashListResult {
  readonly added: number;
  readonly skipped: number;
}

/** Problems shown in the refusal message, and kept in its details (a hostile file may have millions). */
const SHOWN_PROBLEMS = 20;
const KEPT_PROBLEMS = 1000;

type Row = NewBankEntry & { readonly line: number };

/**
 * Imports a hash list into a bank, streaming, in one transaction. Without `skipInvalid` any bad row
 * or any signal already active in the bank refuses the whole import (AppError `import_rejected`,
 * naming every bad line, the first 20 in the message and all in `details`): nothing is written.
 */
export async function importHashList(
  store: BankStore,
  input: ImportHashListInput,
): Promise<ImportHashListResult> {
  const bank = await requireBank(store, input.bank);
  const problems: HashListProblem[] = [];
  let problemCount = 0;
  const report = (problem: HashListProblem): void => {
    if (input.skipInvalid) input.onSkipped?.(problem);
    problemCount++;
    if (problems.length < KEPT_PROBLEMS) problems.push(problem);
  };
  async function* rows(): AsyncGenerator<Row> {
    for await (const parsed of parseHashList(input.lines, input.parse)) {
      if (!parsed.ok) {
        report(parsed.problem);
        continue;
      }
      const { line, signalType, signal, labels, derived } = parsed.record;
      yield {
        line,
        signalType,
        signal,
        labels,
        ...(derived ? { derived } : {}),
        source: input.source,
        caseId: input.caseId ?? null,
      };
    }
    // Thrown inside the store's transaction, so a refused import rolls back every row before it.
    if (!input.skipInvalid && problemCount > 0) throw refusal(input.bank, problems, problemCount);
  }
  const onDuplicate = (row: Row): void =>
    report({ line: row.line, message: `${row.signalType} ${row.signal} is already in the bank` });
  const added = await store.importEntries(
    bank.id,
    rows(),
    { addedBy: input.addedBy, at: input.at },
    onDuplicate,
  );
  return { added, skipped: problemCount };
}

function refusal(bank: string, problems: readonly HashListProblem[], count: number): AppError {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  line ${p.line}: ${p.message}`);
  if (count > SHOWN_PROBLEMS) shown.push(`  … and ${count - SHOWN_PROBLEMS} more`);
  return new AppError(
    'import_rejected',
    [
      `${count} bad row(s); nothing was imported into "${bank}" (skip them with --skip-invalid):`,
      ...shown,
    ].join('\n'),
    {
      details: {
        count,
        problems: problems.map((p) => ({ line: p.line, message: p.message })),
      },
    },
  );
}
