import cliProgress from 'cli-progress';

/** Progress of a batch; a no-op where nobody watches (stderr not a terminal). */
export interface ProgressReporter {
  start(total: number): void;
  increment(): void;
  stop(): void;
}

const SILENT: ProgressReporter = { start() {}, increment() {}, stop() {} };

/** A progress bar on `stream` when it is a terminal, else nothing (so logs and pipes stay clean). */
export function createProgressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  if (!stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'hashing {bar} {value}/{total} images | {percentage}% | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    increment: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
