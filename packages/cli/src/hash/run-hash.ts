import { Piscina } from 'piscina';
import { collectImagePaths, type CollectedPath } from './collect-image-paths.js';
import { hashImageFile, type HashFileOptions } from './hash-image-file.js';
import { isFailedLine, type HashLine } from './hash-line.js';
import type { ProgressReporter } from './progress.js';

export interface RunHashOptions extends HashFileOptions {
  /** Files decoded and hashed at once, each on its own worker thread (1 = in this thread). */
  readonly jobs: number;
  readonly writeLine: (line: string) => void;
  readonly progress: ProgressReporter;
}

export interface RunHashSummary {
  readonly hashed: number;
  readonly failed: number;
}

const WORKER = new URL('./hash-worker.js', import.meta.url).href;

/**
 * Hashes every image the inputs name, on `jobs` worker threads, writing one JSON line per file in
 * input order. At most a few tasks per worker are in flight, so memory stays flat on huge folders.
 */
export async function runHash(
  inputs: readonly string[],
  options: RunHashOptions,
): Promise<RunHashSummary> {
  const items: CollectedPath[] = [];
  for await (const item of collectImagePaths(inputs)) items.push(item);

  const { jobs, writeLine, progress } = options;
  const taskOptions: HashFileOptions = {
    dihedral: options.dihedral,
    enrol: options.enrol === true,
    limits: options.limits,
  };
  const pool =
    jobs > 1 && items.length > 1
      ? new Piscina({
          filename: WORKER,
          maxThreads: jobs,
          minThreads: jobs,
          concurrentTasksPerWorker: 2,
        })
      : null;
  const hash = (path: string): Promise<HashLine> =>
    pool ? pool.run({ path, options: taskOptions }) : hashImageFile(path, taskOptions);

  let hashed = 0;
  let failed = 0;
  const emit = (line: HashLine): void => {
    if (isFailedLine(line)) failed++;
    else hashed++;
    progress.increment();
    writeLine(JSON.stringify(line));
  };

  progress.start(items.length);
  const inFlight: Array<Promise<HashLine>> = [];
  const maxInFlight = Math.max(2, jobs * 4);
  try {
    for (const item of items) {
      inFlight.push('error' in item ? Promise.resolve(item) : hash(item.path));
      if (inFlight.length >= maxInFlight) emit(await (inFlight.shift() as Promise<HashLine>));
    }
    while (inFlight.length > 0) emit(await (inFlight.shift() as Promise<HashLine>));
  } finally {
    progress.stop();
    await pool?.destroy();
  }
  return { hashed, failed };
}
