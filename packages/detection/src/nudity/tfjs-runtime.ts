import * as tf from '@tensorflow/tfjs';
// Registers the WebAssembly backend; its .wasm files ship in the npm package (nothing downloads).
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | undefined;

/**
 * TensorFlow.js on the WebAssembly backend (SIMD where the CPU has it), set once per process:
 * the native tfjs-node backend would download libtensorflow at install, which we never do.
 */
export function tensorflowReady(backend: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  ready ??= (async () => {
    // tfjs greets Node users on the console; screening logs are JSON lines, so keep it quiet.
    const log = console.log;
    console.log = () => undefined;
    try {
      if (!(await tf.setBackend(backend)))
        throw new Error(`the TensorFlow.js ${backend} backend cannot start`);
      await tf.ready();
      return tf.getBackend();
    } finally {
      console.log = log;
    }
  })();
  return ready;
}

export { tf };
