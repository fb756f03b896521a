import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Lines of a file (or standard input for "-"), streamed: memory stays flat however long the file.
 * The file is opened only when the first line is asked for: a readline interface made earlier
 * would emit its lines (and its end) into the void while its consumer still awaits something else
 * (a database connection, a lock), losing them or waiting forever.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  yield* createInterface({ input, crlfDelay: Infinity });
}
