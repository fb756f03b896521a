import { AppError } from '@haechi/core';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImageDecodeLimits } from '@haechi/media';
import {
  hashImageTask,
  replyError,
  type HashedImage,
  type ImageHashReply,
} from './image-hash-task.js';

/** Uploads that may wait for a hashing thread, per thread (HAECHI_HASH_QUEUE sets the total). */
export const DEFAULT_HASH_QUEUE_PER_THREAD = 32;

/** Decodes and PDQ-hashes images in this thread (tests, tools): the same work, unbounded. */
export function inThreadImageHasher(): ImageHasher {
  return {
    async hash(bytes, limits) {
      const reply = await hashImageTask({ bytes, limits });
      if (!reply.ok) throw replyError(reply);
      return reply.image;
    },
    close: async () => undefined,
  };
}

/** Decodes and PDQ-hashes images. */
export interface ImageHasher {
  hash(bytes: Uint8Array, limits: Partial<ImageDecodeLimits>): Promise<HashedImage>;
  close(): Promise<void>;
}

interface Task {
  readonly input: { bytes: Uint8Array; limits: Partial<ImageDecodeLimits> };
  readonly resolve: (image: HashedImage) => void;
  readonly reject: (error: Error) => void;
}

/** The threads the pool starts by default: one core is left to the event loop. */
export const DEFAULT_HASH_THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * Images are decoded and hashed in a pool of worker threads: an upload at the pixel limit (tens of
 * megapixels of luminance and filtering) runs beside the event loop, never on it. The pool's size
 * is also the memory budget: at most `threads` images are decoded at once; the rest wait in line,
 * at most `maxQueue` of them. One more is refused at once (`overloaded`, 503 with Retry-After), so
 * a burst beyond what the machine can hash is pushed back to the platforms instead of piling up
 * in memory and timing out.
 */
export function imageHasherPool(
  threads = DEFAULT_HASH_THREADS,
  options: { maxQueue?: number } = {},
): ImageHasher {
  const maxQueue = options.maxQueue ?? DEFAULT_HASH_QUEUE_PER_THREAD * threads;
  const here = import.meta.url;
  // Threads run the built JavaScript, also when this module is loaded from its sources (tests):
  // a thread cannot borrow the test runner's TypeScript transform.
  const file = here.endsWith('.ts')
    ? new URL('../../../dist/features/screening/image-hash-worker.js', here)
    : new URL('./image-hash-worker.js', here);
  if (!existsSync(file))
    throw new Error('the image-hashing threads need the built server: run `npm run build`');
  const queue: Task[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task>();
  let closed = false;

  const spawn = (): Worker => {
    const worker = new Worker(file);
    worker.unref();
    worker.on('message', (reply: ImageHashReply) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task) {
        if (reply.ok) task.resolve(reply.image);
        else task.reject(replyError(reply));
      }
      idle.push(worker);
      pump();
    });
    worker.on('error', (error) => {
      // A thread that died (out of memory on a hostile image): its task fails, a new one replaces it.
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      if (!closed) idle.push(spawn());
      pump();
    });
    return worker;
  };
  const pump = (): void => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      worker.postMessage(task.input);
    }
  };
  for (let i = 0; i < threads; i++) idle.push(spawn());

  return {
    hash: (bytes, limits) =>
      new Promise<HashedImage>((resolve, reject) => {
        if (closed) return reject(new Error('the image-hashing threads are closed'));
        if (idle.length === 0 && queue.length >= maxQueue)
          return reject(
            new AppError(
              'overloaded',
              `every image-hashing thread is busy and ${queue.length} ${queue.length === 1 ? 'upload is' : 'uploads are'} waiting; try again shortly`,
              { details: { retryAfterSeconds: 1, queued: queue.length } },
            ),
          );
        queue.push({ input: { bytes, limits }, resolve, reject });
        pump();
      }),
    close: async () => {
      closed = true;
      await Promise.all([...idle, ...busy.keys()].map((w) => w.terminate()));
    },
  };
}
