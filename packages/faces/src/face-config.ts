/**
 * Human's settings for enrolment and search. The victim's browser and the screening server must
 * describe faces identically, or her vectors would not compare with theirs: both build their Human
 * from this one function. Pure data: it runs in a browser as in Node.
 */
export function humanFaceConfig(options: {
  readonly backend: 'wasm' | 'webgl' | 'cpu';
  readonly modelBasePath: string;
  readonly wasmPath?: string;
  readonly maxFaces?: number;
  readonly minConfidence?: number;
}): Record<string, unknown> {
  return {
    backend: options.backend,
    ...(options.wasmPath === undefined ? {} : { wasmPath: options.wasmPath }),
    modelBasePath: options.modelBasePath,
    debug: false,
    async: true,
    warmup: 'none',
    // No reuse of earlier results: every image is a new one, never a video frame.
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: {
        rotation: false,
        maxDetected: options.maxFaces ?? 10,
        minConfidence: options.minConfidence ?? 0.5,
        return: false,
      },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
  };
}

/** The length of the description vector (Human's faceres model). */
export const FACE_EMBEDDING_LENGTH = 1024;

/** A face as Human reports it. */
export interface HumanFace {
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly embedding?: readonly number[];
}

/** Faces with a full description, largest first: the one to enrol is the first. */
export function describedFaces(faces: readonly HumanFace[]): Array<{
  box: readonly [number, number, number, number];
  score: number;
  embedding: Float32Array;
}> {
  return faces
    .filter((f) => f.embedding && f.embedding.length === FACE_EMBEDDING_LENGTH)
    .map((f) => ({ box: f.box, score: f.score, embedding: Float32Array.from(f.embedding ?? []) }))
    .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
}
