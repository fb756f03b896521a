import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DetectorImage } from '@haechi/core';
import { prepareFaceInput, type FaceEmbedderLike, type FaceEmbedding } from './face-embedder.js';

type Reply =
  | { readonly ready: true }
  | { readonly id: number; readonly faces: FaceEmbedding[] }
  | { readonly id: number; readonly error: string };

/**
 * The face embedder in a worker thread. The image's bounded copy is made by libvips (off the main
 * thread too) and handed over without copying; the model's tensors and kernels run in the worker,
 * one image at a time, so the event loop that serves every other request is never held by them.
 */
export class FaceEmbedderThread implements FaceEmbedderLike {
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (faces: FaceEmbedding[]) => void; reject: (error: Error) => void }
  >();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      const pending = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(`face model: ${reply.error}`));
      else pending?.resolve(reply.faces);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`the face model's thread ended (${code})`)));
  }

  /** Starts the thread and waits until its model is loaded. */
  static async start(): Promise<FaceEmbedderThread> {
    const here = import.meta.url;
    // The worker runs the built JavaScript, also when this module is loaded from its sources
    // (tests): a thread cannot borrow the test runner's TypeScript transform.
    const file = here.endsWith('.ts')
      ? new URL('../../dist/face/face-worker.js', here)
      : new URL('./face-worker.js', here);
    if (!existsSync(file))
      throw new Error(`the face model's thread needs the built package: run \`npm run build\``);
    const worker = new Worker(file);
    await new Promise<void>((resolve, reject) => {
      const ready = (reply: Reply) => {
        if ('ready' in reply) {
          worker.off('message', ready);
          resolve();
        }
      };
      worker.on('message', ready);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the face model's thread ended (${code})`)));
    });
    worker.unref();
    return new FaceEmbedderThread(worker);
  }

  async embed(image: DetectorImage): Promise<FaceEmbedding[]> {
    const prepared = await prepareFaceInput(image);
    // A buffer of our own (libvips' may not be transferable), handed over without a second copy.
    const input = { ...prepared, rgb: new Uint8Array(prepared.rgb) };
    const id = this.next++;
    return new Promise<FaceEmbedding[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, input }, [input.rgb.buffer]);
    });
  }

  /** Ends the thread (the detector is done with). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }
}
