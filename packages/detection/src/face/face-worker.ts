// The face model's own thread: TensorFlow.js (WebAssembly) builds its tensors and runs its kernels
// here, so an upload's faces never hold up the server's event loop.
import { parentPort } from 'node:worker_threads';
import { FaceEmbedder, type FaceInput } from './face-embedder.js';

interface Request {
  readonly id: number;
  readonly input: FaceInput;
}

const port = parentPort;
if (!port) throw new Error('face-worker runs as a worker thread');
const embedder = await FaceEmbedder.load();
port.on('message', (request: Request) => {
  embedder.embedPrepared(request.input).then(
    (found) => {
      const faces = found.map((f) => ({ ...f, embedding: new Float32Array(f.embedding) }));
      port.postMessage(
        { id: request.id, faces },
        faces.map((f) => f.embedding.buffer),
      );
    },
    (error: unknown) => port.postMessage({ id: request.id, error: (error as Error).message }),
  );
});
port.postMessage({ ready: true });
