import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { waitUntil } from './support/wait-until.js';

const FOLLOWER = fileURLToPath(new URL('./support/bank-follower.ts', import.meta.url));
const HASH = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';

let dir: string;
let follower: ChildProcessWithoutNullStreams;
let replies: AsyncIterator<string>;

async function ask(hash: string): Promise<{ ids: number[]; cursor: number }> {
  follower.stdin.write(`${hash}\n`);
  const reply = await replies.next();
  if (reply.done) throw new Error('the follower process ended');
  return JSON.parse(reply.value) as { ids: number[]; cursor: number };
}

/** Asks until the answer satisfies `done` (how long that takes is `npm run bench`'s to measure). */
const waitFor = (what: string, done: (ids: number[]) => boolean) =>
  waitUntil(what, async () => done((await ask(HASH)).ids));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-feed-'));
  expect((await runCli(['bank', '--data', dir, 'create', 'confirmed'])).code).toBe(0);
  follower = spawn(process.execPath, ['--import', 'tsx', FOLLOWER, dir]);
  replies = createInterface({ input: follower.stdout })[Symbol.asyncIterator]();
  const ready = await replies.next();
  expect(JSON.parse(ready.value as string)).toEqual({ ready: true, cursor: 0 });
});
afterAll(async () => {
  follower.stdin.end();
  follower.kill();
  await rm(dir, { recursive: true, force: true });
});

describe('the change feed between processes', () => {
  it("reaches another process's index, for additions and withdrawals", async () => {
    expect((await ask(HASH)).ids).toEqual([]);
    await writeFile(join(dir, 'list.txt'), `${HASH}\n`);
    // The CLI is a third process: it commits and exits; the follower learns of it from the feed.
    const imported = await runCli([
      'bank',
      '--data',
      dir,
      'import',
      'confirmed',
      join(dir, 'list.txt'),
    ]);
    expect(imported.stdout).toBe('imported 1 entries into "confirmed"\n');
    await waitFor('the addition to reach the follower', (ids) => ids.length === 1);
    expect(await ask(HASH)).toEqual({ ids: [1], cursor: 1 });

    const withdrawn = await runCli(['bank', '--data', dir, 'withdraw', 'confirmed', HASH]);
    expect(withdrawn.code).toBe(0);
    await waitFor('the withdrawal to reach the follower', (ids) => ids.length === 0);
    expect(await ask(HASH)).toEqual({ ids: [], cursor: 2 });
  });
});
