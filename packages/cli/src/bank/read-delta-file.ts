import { AppError } from '@haechi/core';
import { parseDeltaChange, type DeltaFeedChange } from '@haechi/exchange';
import { readLines } from '../match/read-lines.js';

/** A delta feed file (JSON lines, as `haechi bank feed` writes), streamed; a bad line stops it. */
export async function* readDeltaFile(path: string): AsyncGenerator<DeltaFeedChange> {
  let line = 0;
  for await (const text of readLines(path)) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield parseDeltaChange(text);
    } catch (error) {
      throw new AppError('invalid_input', `${path} line ${line}: ${(error as Error).message}`);
    }
  }
}
