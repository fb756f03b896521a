import type { BankStore } from '@haechi/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  applyDeltaFeed,
  createBank,
  exportBank,
  importHashList,
  withdrawSignals,
} from '@haechi/banks';
import { SIGNAL_TYPES, type HashListFormat, type SignalType } from '@haechi/exchange';
import { formatBankTable } from '../bank/bank-list-table.js';
import { feedLines } from '../bank/feed-lines.js';
import { cliActor, openBankStore, resolveDataDir } from '../bank/open-bank-store.js';
import { readDeltaFile } from '../bank/read-delta-file.js';
import { readSignalList } from '../bank/read-signal-list.js';
import { runBankAction } from '../bank/report-failure.js';
import { writeLines } from '../bank/write-lines.js';
import { readLines } from '../match/read-lines.js';
import { parsePositiveInteger } from './parse-options.js';

const now = (): string => new Date().toISOString();
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const err = (line: string): boolean => process.stderr.write(`${line}\n`);

const signalTypeOption = (what: string) =>
  new Option('--signal-type <type>', what).choices(SIGNAL_TYPES);

function parseCursor(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

/** Runs `action` on the store of the data folder, closing it whatever happens. */
function withStore(
  command: Command,
  name: string,
  action: (store: BankStore) => Promise<void>,
): Promise<void> {
  const { data } = command.optsWithGlobals<{ data?: string }>();
  return runBankAction(name, async () => {
    // Only `create` makes a bank, so only it may start a new store.
    const store = await openBankStore(resolveDataDir(data), { create: name === 'create' });
    try {
      await action(store);
    } finally {
      await store.close();
    }
  });
}

export function registerBankCommand(program: Command): void {
  const bank = program
    .command('bank')
    .description(
      'hash banks in the embedded store (HAECHI_DATA): create, list, import, export, withdraw, ' +
        'read the delta feed, mirror another bank. Exit code 1 if the store refused, 2 on a usage error.',
    )
    .option('--data <dir>', 'data folder (default $HAECHI_DATA, else ./haechi-data)');

  bank
    .command('create')
    .description('create an empty bank')
    .argument('<name>', 'lower-case letters, digits, ".", "_" or "-"')
    .option('--description <text>', 'what the bank holds', '')
    .action(async (name: string, options: { description: string }, command: Command) =>
      withStore(command, 'create', async (store) => {
        await createBank(store, {
          name,
          description: options.description,
          createdBy: cliActor(),
          at: now(),
        });
        out(`created bank "${name}"`);
      }),
    );

  bank
    .command('list')
    .description('every bank with its active and withdrawn entry counts')
    .option('--json', 'one JSON line per bank')
    .action(async (options: { json?: boolean }, command: Command) =>
      withStore(command, 'list', async (store) => {
        const banks = await store.listBanks();
        if (options.json) for (const b of banks) out(JSON.stringify(b));
        else for (const line of formatBankTable(banks)) out(line);
      }),
    );

  bank
    .command('import')
    .description(
      'add a hash list (hex lines, CSV with a signal_type,signal header, or JSON lines) to a bank, ' +
        'all or nothing: a bad or duplicate row imports nothing unless --skip-invalid',
    )
    .argument('<name>', 'the bank')
    .argument('<file>', 'the list ("-" for standard input)')
    .addOption(
      new Option('--format <format>', 'list format')
        .choices(['auto', 'hex', 'csv', 'jsonl'])
        .default('auto'),
    )
    .addOption(signalTypeOption('signal type of hex lines').default('pdq'))
    .option('--skip-invalid', 'skip bad and duplicate rows, reporting each on stderr')
    .option('--source <text>', 'recorded on every entry (default: the file name)')
    .option('--case-id <id>', 'the case these hashes belong to')
    .action(
      async (
        name: string,
        file: string,
        options: {
          format: HashListFormat | 'auto';
          signalType: SignalType;
          skipInvalid?: boolean;
          source?: string;
          caseId?: string;
        },
        command: Command,
      ) =>
        withStore(command, 'import', async (store) => {
          const result = await importHashList(store, {
            bank: name,
            lines: readLines(file),
            parse: { format: options.format, signalType: options.signalType },
            source: options.source ?? (file === '-' ? 'stdin' : file),
            caseId: options.caseId ?? null,
            addedBy: cliActor(),
            at: now(),
            skipInvalid: options.skipInvalid === true,
            onSkipped: (p) => err(`haechi bank import: skipped line ${p.line}: ${p.message}`),
          });
          out(
            `imported ${result.added} entries into "${name}"` +
              (result.skipped > 0 ? ` (${result.skipped} rows skipped)` : ''),
          );
        }),
    );

  bank
    .command('export')
    .description('write a bank as a hash list')
    .argument('<name>', 'the bank')
    .addOption(
      new Option('--format <format>', 'list format')
        .choices(['csv', 'jsonl', 'hex'])
        .default('csv'),
    )
    .addOption(signalTypeOption('only entries of this type (required for hex)'))
    .option('--include-withdrawn', 'also entries that were withdrawn')
    .option('-o, --output <file>', 'write here (complete or not at all) instead of stdout')
    .action(
      async (
        name: string,
        options: {
          format: HashListFormat;
          signalType?: SignalType;
          includeWithdrawn?: boolean;
          output?: string;
        },
        command: Command,
      ) => {
        if (options.format === 'hex' && options.signalType === undefined) {
          command.error('error: a hex list holds one signal type: add --signal-type', {
            exitCode: 2,
          });
        }
        return withStore(command, 'export', async (store) => {
          const count = await writeLines(
            exportBank(store, name, {
              format: options.format,
              ...(options.signalType ? { signalType: options.signalType } : {}),
              includeWithdrawn: options.includeWithdrawn === true,
            }),
            options.output,
          );
          if (options.output !== undefined) err(`wrote ${count} lines to ${options.output}`);
        });
      },
    );

  bank
    .command('withdraw')
    .description('withdraw signals from a bank: they stop matching at once and stay in its history')
    .argument('<name>', 'the bank')
    .argument('[signals...]', 'hex signals of --signal-type')
    .addOption(signalTypeOption('type of the signals given as arguments').default('pdq'))
    .option('--file <file>', 'also every signal in this list (any format)')
    .action(
      async (
        name: string,
        signals: string[],
        options: { signalType: SignalType; file?: string },
        command: Command,
      ) => {
        if (signals.length === 0 && options.file === undefined)
          command.error('error: name the signals to withdraw, or --file', { exitCode: 2 });
        return withStore(command, 'withdraw', async (store) => {
          const list = await readSignalList(signals, options.file, options.signalType);
          const result = await withdrawSignals(store, {
            bank: name,
            signals: list,
            at: now(),
            by: cliActor(),
          });
          out(`withdrew ${result.withdrawn.length} entries from "${name}"`);
          for (const s of result.notActive)
            err(`haechi bank withdraw: not active in "${name}": ${s.signalType} ${s.signal}`);
        });
      },
    );

  bank
    .command('feed')
    .description(
      'print the delta feed (adds and withdrawals, keyed by signal) after a cursor, as JSON lines; ' +
        'a mirror passes the last "seq" it applied as --since',
    )
    .option('--bank <name>', 'only this bank (default: every bank)')
    .option('--since <seq>', 'cursor: print changes after it', parseCursor, 0)
    .option(
      '--limit <n>',
      'at most this many changes',
      parsePositiveInteger,
      Number.MAX_SAFE_INTEGER,
    )
    .action(async (options: { bank?: string; since: number; limit: number }, command: Command) =>
      withStore(command, 'feed', async (store) => {
        await writeLines(
          feedLines(store, {
            since: options.since,
            limit: options.limit,
            ...(options.bank === undefined ? {} : { bank: options.bank }),
          }),
        );
      }),
    );

  bank
    .command('mirror')
    .description(
      "apply another bank's delta feed file to a local bank; the source's cursor is kept, so " +
        'applying a feed again (or a longer one) applies each change once',
    )
    .argument('<name>', 'the local bank')
    .argument('<feedfile>', 'JSON lines from `haechi bank feed` ("-" for standard input)')
    .requiredOption('--source <name>', 'names the source: each source keeps its own cursor')
    .option('--from-bank <name>', "only this source bank's changes")
    .action(
      async (
        name: string,
        feedFile: string,
        options: { source: string; fromBank?: string },
        command: Command,
      ) =>
        withStore(command, 'mirror', async (store) => {
          const result = await applyDeltaFeed(store, {
            bank: name,
            source: options.source,
            changes: readDeltaFile(feedFile),
            ...(options.fromBank === undefined ? {} : { fromBank: options.fromBank }),
            addedBy: cliActor(),
            at: now(),
          });
          out(
            `mirrored into "${name}": ${result.added} added, ${result.withdrawn} withdrawn, ` +
              `${result.alreadyApplied} already applied; cursor ${result.cursor}`,
          );
        }),
    );
}
