import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTable, ratio } from './lib/measure.js';

const CLI = fileURLToPath(new URL('../packages/cli/bin/haechi.js', import.meta.url));

/** `haechi hash` on a folder, end to end (start-up included); baseline: one job. */
export async function benchCliThroughput(photosDir: string, copies = 10): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'haechi-bench-'));
  try {
    const names = (await readdir(photosDir)).filter((f) => f.endsWith('.jpg'));
    for (let c = 0; c < copies; c++) {
      for (const name of names) await copyFile(join(photosDir, name), join(dir, `${c}-${name}`));
    }
    const count = names.length * copies;
    const time = (jobs: number) => {
      const samples = Array.from({ length: 3 }, () => {
        const t0 = performance.now();
        execFileSync(process.execPath, [CLI, 'hash', '--jobs', String(jobs), dir], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        return performance.now() - t0;
      });
      return median(samples);
    };
    const cores = availableParallelism();
    const one = time(1);
    const rows = [
      [`1`, (one / 1000).toFixed(2), Math.round((count * 1000) / one).toString(), ratio(1)],
    ];
    if (cores > 1) {
      const all = time(cores);
      rows.push([
        `${cores} (all cores)`,
        (all / 1000).toFixed(2),
        Math.round((count * 1000) / all).toString(),
        ratio(one / all),
      ]);
    }
    printTable(
      `haechi hash on ${count} photos (median of 3 runs, process start-up included)`,
      ['jobs', 'seconds', 'images/s', 'speed-up'],
      rows,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
