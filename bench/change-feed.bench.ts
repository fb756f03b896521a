import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BankMatcher, createBank, importHashList, withdrawSignals } from '@haechi/banks';
import { parseHash256 } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { median, ms, printTable, ratio } from './lib/measure.js';

const FOLLOWER = fileURLToPath(new URL('./change-feed-follower.ts', import.meta.url));
const TRIALS = 15;
/** The server's default HAECHI_BANK_POLL_MS. */
const INTERVAL_MS = 200;
const AT = '2026-12-05T00:00:00.000Z';
const hash = (n: number) => n.toString(16).padStart(64, '0');

/**
 * How soon a bank change (an addition, then its withdrawal) is matched by an index that follows
 * the change feed, from the moment the writer's transaction commits. Baseline, in the same run: the
 * same change applied by an explicit catch-up in the writer's own process (no polling). The tests
 * only check that the change arrives; this is where its latency is measured.
 */
export async function benchChangeFeed(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'haechi-bench-feed-'));
  const file = join(dir, 'haechi.db');
  const writer = new SqliteBankStore(openSqlite(file));
  const reader = new SqliteBankStore(openSqlite(file));
  await createBank(writer, { name: 'confirmed', createdBy: 'bench', at: AT });
  const add = (n: number) =>
    importHashList(writer, {
      bank: 'confirmed',
      lines: [hash(n)],
      source: 'bench',
      addedBy: 'bench',
      at: AT,
    });
  const withdraw = (n: number) =>
    withdrawSignals(writer, {
      bank: 'confirmed',
      signals: [{ signalType: 'pdq', signal: hash(n) }],
      at: AT,
    });

  const child = spawn(process.execPath, ['--import', 'tsx', FOLLOWER, file, String(INTERVAL_MS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  await lines.next(); // ready
  const askOther = async (n: number): Promise<boolean> => {
    child.stdin.write(`${hash(n)}\n`);
    return (await lines.next()).value === '1';
  };
  const followed = await BankMatcher.open(reader, { intervalMs: INTERVAL_MS });
  followed.follow();
  const explicit = await BankMatcher.open(new SqliteBankStore(openSqlite(file)));

  /** Milliseconds from `change` committing until `seen` says so, asked every millisecond. */
  const latency = async (
    change: () => Promise<unknown>,
    seen: () => Promise<boolean> | boolean,
  ) => {
    // A change lands anywhere in the follower's interval, not just after it has polled.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * INTERVAL_MS));
    await change();
    const t0 = performance.now();
    while (!(await seen())) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - t0;
  };
  const samples = { explicit: [] as number[], followed: [] as number[], other: [] as number[] };
  try {
    let n = 1;
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const [name, matches] of [
        [
          'explicit',
          async (h: number) => {
            await explicit.catchUp();
            return explicit.matchPdq(parseHash256(hash(h))).length > 0;
          },
        ],
        ['followed', (h: number) => followed.matchPdq(parseHash256(hash(h))).length > 0],
        ['other', askOther],
      ] as const) {
        const h = n++;
        samples[name].push(
          await latency(
            () => add(h),
            async () => await matches(h),
          ),
        );
        samples[name].push(
          await latency(
            () => withdraw(h),
            async () => !(await matches(h)),
          ),
        );
      }
    }
  } finally {
    followed.stop();
    explicit.stop();
    child.stdin.end();
    child.kill();
    await writer.close();
    await reader.close();
    await rm(dir, { recursive: true, force: true });
  }
  const baseline = median(samples.explicit);
  printTable(
    `a bank change reaching the index, from commit to match (median of ${TRIALS * 2}: additions and withdrawals; poll interval ${INTERVAL_MS} ms)`,
    ['index', 'ms', 'vs explicit catch-up'],
    [
      ['explicit catch-up in the writing process (baseline)', ms(baseline), ratio(1)],
      [
        'following the feed, another connection in-process',
        ms(median(samples.followed)),
        ratio(median(samples.followed) / baseline),
      ],
      [
        'following the feed, another process (a server worker)',
        ms(median(samples.other)),
        ratio(median(samples.other) / baseline),
      ],
    ],
  );
}
