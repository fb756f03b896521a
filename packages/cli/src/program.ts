import { Command, CommanderError } from 'commander';
import { resolveDataDir } from './bank/data-dir.js';

/** Exit codes: 0 success, 1 some inputs failed, 2 usage error. */
const USAGE_ERROR = 2;

/**
 * Every command, with the one-line summary `haechi --help` lists and the module that defines it.
 * Only the module of the command being run is loaded (the others stay names), so `haechi --help`
 * or a small command starts in well under a second instead of loading every library first.
 */
const COMMANDS: ReadonlyArray<{
  readonly names: readonly string[];
  readonly summaries: readonly string[];
  readonly define: (program: Command) => Promise<void>;
}> = [
  {
    names: ['hash'],
    summaries: ['print the PDQ, MD5 and SHA-256 of image files as JSON lines'],
    define: async (p) => (await import('./commands/hash-command.js')).registerHashCommand(p),
  },
  {
    names: ['match'],
    summaries: ['match a list of hashes against a bank file'],
    define: async (p) => (await import('./commands/match-command.js')).registerMatchCommand(p),
  },
  {
    names: ['bank'],
    summaries: ['hash banks: create, list, import, export, withdraw, feed, mirror'],
    define: async (p) => (await import('./commands/bank-command.js')).registerBankCommand(p),
  },
  {
    names: ['admin'],
    summaries: ['organisations, people, API keys and platform domains'],
    define: async (p) => (await import('./commands/admin-command.js')).registerAdminCommand(p),
  },
  {
    names: ['audit'],
    summaries: ['verify and read the hash-chained audit log'],
    define: async (p) => (await import('./commands/audit-command.js')).registerAuditCommand(p),
  },
  {
    names: ['backup', 'restore'],
    summaries: ['copy the store consistently while servers run', 'replace the store with a backup'],
    define: async (p) => (await import('./commands/backup-command.js')).registerBackupCommands(p),
  },
  {
    names: ['evidence'],
    summaries: ['verify an evidence bundle exported for investigators'],
    define: async (p) =>
      (await import('./commands/evidence-command.js')).registerEvidenceCommand(p),
  },
  {
    names: ['eval'],
    summaries: ['measure how well hashing and detection work'],
    define: async (p) => (await import('./commands/eval-command.js')).registerEvalCommand(p),
  },
  {
    names: ['demo'],
    summaries: ['the offline matching demo, or a whole demo deployment with --serve'],
    define: async (p) => (await import('./commands/demo-command.js')).registerDemoCommand(p),
  },
];

/** The command named on the command line (`haechi help <name>` counts), if any. */
function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

const program = new Command('haechi')
  .description('Haechi: find, block and remove non-consensual intimate imagery.')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();

const requested = requestedCommand(process.argv.slice(2));
for (const entry of COMMANDS) {
  if (requested !== undefined && entry.names.includes(requested)) await entry.define(program);
  else
    entry.names.forEach((name, i) =>
      program
        .command(name)
        .summary(entry.summaries[i] ?? '')
        .allowUnknownOption(),
    );
}

// Commands that change the store sign its new head into the anchors file when they succeed.
const WRITERS = new Set(['bank', 'admin']);
program.hook('postAction', async (_root, action) => {
  let top: Command = action;
  while (top.parent && top.parent !== program) top = top.parent;
  if (!WRITERS.has(top.name()) || process.exitCode) return;
  const { data } = action.optsWithGlobals<{ data?: string }>();
  const { anchorAfterWrite } = await import('./audit/anchors.js');
  await anchorAfterWrite(resolveDataDir(data));
});

// A closed pipe (`haechi hash dir | head`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const done = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    process.exitCode = done || error.exitCode === 0 ? 0 : USAGE_ERROR;
  } else {
    process.stderr.write(`haechi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
