import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/**
 * Writes lines to a file or standard output, waiting when the reader is slower (a 10 M-line export
 * never piles up in memory). A file is written under a temporary name and renamed when complete,
 * so a failed export never leaves a half-written list that looks whole.
 */
export async function writeLines(lines: AsyncIterable<string>, output?: string): Promise<number> {
  const temporary = output === undefined ? undefined : `${output}.partial`;
  const sink: Writable =
    temporary === undefined ? process.stdout : createWriteStream(temporary, { encoding: 'utf8' });
  let count = 0;
  try {
    for await (const line of lines) {
      if (!sink.write(`${line}\n`)) await once(sink, 'drain');
      count++;
    }
    if (temporary !== undefined && output !== undefined) {
      sink.end();
      await once(sink, 'finish');
      await rename(temporary, output);
    }
    return count;
  } catch (error) {
    if (temporary !== undefined) {
      sink.destroy();
      await rm(temporary, { force: true });
    }
    throw error;
  }
}
