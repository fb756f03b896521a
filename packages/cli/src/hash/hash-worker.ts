// Worker-thread entry of the `haechi hash` pool: one decode + hash at a time per worker.
import sharp from 'sharp';
import { hashImageFile, type HashFileOptions } from './hash-image-file.js';
import type { HashLine } from './hash-line.js';

// Parallelism comes from the pool: one libvips thread per worker avoids oversubscribing the cores,
// and no cache, since every file is seen once.
sharp.concurrency(1);
sharp.cache(false);

export default function hashTask(task: {
  path: string;
  options: HashFileOptions;
}): Promise<HashLine> {
  return hashImageFile(task.path, task.options);
}
