import { isAppError } from '@haechi/core';
import { InvalidHashError } from '@haechi/hashing';

/**
 * Runs a bank subcommand: an error the user can act on (AppError, a malformed hash, an unreadable
 * file) is printed as `haechi <group> <name>: <message>` with exit code 1; anything else is a bug and
 * propagates with its stack.
 */
export async function runBankAction(
  name: string,
  action: () => Promise<void>,
  group = 'bank',
): Promise<void> {
  try {
    await action();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const isFileError = typeof code === 'string' && /^E[A-Z]+$/.test(code);
    if (!isAppError(error) && !(error instanceof InvalidHashError) && !isFileError) throw error;
    const message =
      code === 'ENOENT'
        ? `no such file: ${(error as { path?: string }).path ?? ''}`
        : (error as Error).message;
    process.stderr.write(`haechi ${group} ${name}: ${message}\n`);
    process.exitCode = 1;
  }
}
