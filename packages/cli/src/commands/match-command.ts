import type { Command } from 'commander';
import { parseRadius } from './parse-options.js';
import { PDQ_MATCH_RADIUS } from '@haechi/hashing';
import { loadBankFile } from '../match/load-bank-file.js';
import { runMatch } from '../match/run-match.js';

export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description(
      'match every hash of QUERYFILE against a bank file (both: lines of hex, CSV with a signal_type,signal ' +
        'header, or JSON lines); prints {"query","matches":[{"hash","distance","line"}]} per query. ' +
        'Exit code 1 if a query line was bad, 2 if the bank could not be loaded.',
    )
    .argument('<queryfile>', 'hashes to look up ("-" for standard input)')
    .requiredOption('--bank <file>', 'the hash list to match against')
    .option(
      '--radius <n>',
      'largest PDQ Hamming distance that matches',
      parseRadius,
      PDQ_MATCH_RADIUS,
    )
    .option(
      '--dihedral',
      'also match rotated and mirrored copies (variants estimated from the hash)',
    )
    .option(
      '--skip-invalid',
      'skip bad bank rows (each reported on stderr) instead of refusing the bank',
    )
    .action(
      async (
        queryFile: string,
        options: { bank: string; radius: number; dihedral?: boolean; skipInvalid?: boolean },
      ) => {
        const onSkipped = options.skipInvalid
          ? (p: { line: number; message: string }) =>
              process.stderr.write(
                `haechi match: skipped ${options.bank} line ${p.line}: ${p.message}\n`,
              )
          : undefined;
        let bank;
        try {
          bank = await loadBankFile(options.bank, onSkipped);
        } catch (error) {
          process.stderr.write(`haechi match: ${(error as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
        const bad = await runMatch(bank, queryFile, {
          radius: options.radius,
          dihedral: options.dihedral === true,
          writeLine: (line) => process.stdout.write(`${line}\n`),
        });
        process.exitCode = bad > 0 ? 1 : 0;
      },
    );
}
