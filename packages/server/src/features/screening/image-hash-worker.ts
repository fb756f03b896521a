// A thread of the image-hashing pool (see image-hasher.ts): one image at a time.
import { parentPort } from 'node:worker_threads';
import { hashImageTask } from './image-hash-task.js';

const port = parentPort;
if (!port) throw new Error('image-hash-worker runs as a worker thread');
port.on('message', (input: Parameters<typeof hashImageTask>[0]) => {
  void hashImageTask(input).then((reply) =>
    port.postMessage(reply, reply.ok ? [reply.image.data.buffer as ArrayBuffer] : []),
  );
});
