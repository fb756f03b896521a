import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Lines of a file (or standard input for "-"), streamed: memory stays flat however long the file. */
export function readLines(path: string): AsyncIterable<string> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  return createInterface({ input, crlfDelay: Infinity });
}
