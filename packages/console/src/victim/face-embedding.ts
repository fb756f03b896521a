import { describedFaces, humanFaceConfig, type HumanFace } from '@haechi/faces';

interface HumanLike {
  load(): Promise<void>;
  detect(input: HTMLCanvasElement): Promise<{ face: unknown[] }>;
}

let human: Promise<HumanLike> | null = null;

/**
 * Human (and its models, from this server) is loaded only when she asks for face search: it is
 * large, and most requests never need it.
 */
async function loadHuman(): Promise<HumanLike> {
  const { Human } = await import('@vladmandic/human');
  const config = humanFaceConfig({
    backend: 'wasm',
    wasmPath: '/face/wasm/',
    modelBasePath: '/face/models/',
  });
  const instance = new Human(config) as unknown as HumanLike;
  await instance.load();
  return instance;
}

/**
 * The face vector of the largest face in her picture, computed here with the server's own
 * settings; null when the picture shows no face. The picture never leaves this page.
 */
export async function faceEmbeddingOf(file: File): Promise<number[] | null> {
  human ??= loadHuman().catch((error: unknown) => {
    human = null; // let a later try load it again
    throw error;
  });
  const ready = await human;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  const faces = describedFaces((await ready.detect(canvas)).face as HumanFace[]);
  return faces[0] ? [...faces[0].embedding] : null;
}
