import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The models Human needs for the face settings of humanFaceConfig (detector, mesh, description). */
const FACE_MODELS = ['blazeface', 'facemesh', 'faceres'];

/**
 * The files a browser needs to compute face vectors as the server does: Human's models and
 * TensorFlow.js's WebAssembly binaries, by the name the browser asks for (`models/…`, `wasm/…`),
 * each to its path in node_modules. A fixed list, so a request never names a path itself.
 */
export function browserFaceAssets(): Map<string, string> {
  const models = join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
  const wasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const assets = new Map<string, string>();
  for (const model of FACE_MODELS)
    for (const ext of ['json', 'bin'])
      assets.set(`models/${model}.${ext}`, join(models, `${model}.${ext}`));
  for (const name of readdirSync(wasm).filter((n) => n.endsWith('.wasm')))
    assets.set(`wasm/${name}`, join(wasm, name));
  return assets;
}
