import { createInterface } from 'node:readline';
import { AppError } from '@haechi/core';

/**
 * The first line of standard input: a password never goes on the command line, where other users
 * of the machine can read it from the process list and shells keep it in history.
 */
export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  for await (const line of createInterface({ input: process.stdin })) return line;
  throw new AppError('invalid_input', 'no password on standard input');
}
