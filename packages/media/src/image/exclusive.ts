let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every task queued before it has settled: one at a time, process-wide. */
export function runExclusive<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}
