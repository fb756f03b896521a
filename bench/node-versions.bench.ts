import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, ms, printTable, ratio } from './lib/measure.js';

interface Probe {
  readonly node: string;
  readonly pdq512: number;
  readonly screenCpu: number;
  readonly indexQuery: number;
}

const PROBE = fileURLToPath(new URL('./runtime-probe.ts', import.meta.url));
const ROUNDS = 3;

/** The first `node` on the PATH whose major version differs from this one (the machine's own). */
export function otherNodeOnPath(): string | null {
  const chosen = process.env['HAECHI_BENCH_OTHER_NODE'];
  if (chosen) return chosen;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = resolve(dir, 'node');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (version.split('.')[0] !== process.version.split('.')[0]) return candidate;
  }
  return null;
}

function probe(node: string, photosDir: string): Probe {
  const run = spawnSync(node, ['--import', 'tsx', PROBE, photosDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`${node} ${PROBE} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Probe;
}

/**
 * The same hot paths in separate processes under this Node.js and another (by default the
 * machine's own older one), alternating so that load on the machine falls on both alike; the
 * baseline is the other Node.js.
 */
export async function benchNodeVersions(photosDir: string): Promise<void> {
  const other = otherNodeOnPath();
  if (!other) {
    console.log(
      '\n(Node.js comparison skipped: no other Node.js on the PATH; set HAECHI_BENCH_OTHER_NODE)',
    );
    return;
  }
  const runs: Probe[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    runs[0]?.push(probe(other, photosDir));
    runs[1]?.push(probe(process.execPath, photosDir));
  }
  const [before, after] = runs as [Probe[], Probe[]];
  const rows = (
    [
      ['PDQ of a 512×512 image', 'pdq512'],
      ['screening CPU per photo (decode, PDQ, MD5, SHA-256)', 'screenCpu'],
      ['index query, 1 M hashes, radius 31', 'indexQuery'],
    ] as const
  ).map(([path, key]) => {
    const a = median(before.map((p) => p[key]));
    const b = median(after.map((p) => p[key]));
    return [path, ms(a), ms(b), ratio(b / a)];
  });
  printTable(
    `Node.js ${before[0].node} (baseline) against ${after[0].node}: ms, median of ${ROUNDS} processes each`,
    ['hot path', before[0].node, after[0].node, 'time ratio'],
    rows,
  );
}
