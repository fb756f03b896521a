import { Command, CommanderError } from 'commander';
import { registerAdminCommand } from './commands/admin-command.js';
import { registerAuditCommand } from './commands/audit-command.js';
import { registerBackupCommands } from './commands/backup-command.js';
import { registerBankCommand } from './commands/bank-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerEvidenceCommand } from './commands/evidence-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerHashCommand } from './commands/hash-command.js';
import { registerMatchCommand } from './commands/match-command.js';
import { anchorAfterWrite } from './audit/anchors.js';
import { resolveDataDir } from './bank/open-bank-store.js';

/** Exit codes: 0 success, 1 some inputs failed, 2 usage error. */
const USAGE_ERROR = 2;

const program = new Command('haechi')
  .description('Haechi: find, block and remove non-consensual intimate imagery.')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();
registerHashCommand(program);
registerMatchCommand(program);
registerBankCommand(program);
registerAdminCommand(program);
registerAuditCommand(program);
registerBackupCommands(program);
registerEvidenceCommand(program);
registerEvalCommand(program);
registerDemoCommand(program);

// Commands that change the store sign its new head into the anchors file when they succeed.
const WRITERS = new Set(['bank', 'admin']);
program.hook('postAction', async (_root, action) => {
  let top: Command = action;
  while (top.parent && top.parent !== program) top = top.parent;
  if (!WRITERS.has(top.name()) || process.exitCode) return;
  const { data } = action.optsWithGlobals<{ data?: string }>();
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
