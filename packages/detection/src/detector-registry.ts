import type { Detector } from '@haechi/core';
import { FaceDetector } from './face/face-detector.js';
import { FaceEmbedderThread } from './face/face-embedder-thread.js';
import type { FaceIndex } from './face/face-index.js';
import { NudityDetector } from './nudity/nudity-detector.js';
import { ProvenanceDetector } from './provenance/provenance-detector.js';

/** What some detectors need from their host: the face detector, the enrolled faces. */
export interface DetectorContext {
  readonly enrolledFaces?: () => Promise<FaceIndex>;
}

/** The built-in detectors, by the names configuration uses. */
const FACTORIES: Readonly<Record<string, (context: DetectorContext) => Promise<Detector>>> = {
  provenance: async () => new ProvenanceDetector(),
  nudity: () => NudityDetector.load(),
  face: async (context) => {
    if (!context.enrolledFaces)
      throw new Error('the face detector searches enrolled faces, and none are available here');
    // In a worker thread: the model's work never holds the server's event loop.
    return new FaceDetector(await FaceEmbedderThread.start(), context.enrolledFaces);
  },
};

export const DETECTOR_NAMES = Object.keys(FACTORIES);

/** The detectors named, in order; an unknown name is refused with the known ones listed. */
export async function createDetectors(
  names: readonly string[],
  context: DetectorContext = {},
): Promise<Detector[]> {
  const unknown = names.find((name) => !FACTORIES[name]);
  if (unknown !== undefined)
    throw new Error(`unknown detector "${unknown}" (known: ${DETECTOR_NAMES.join(', ')})`);
  const detectors: Detector[] = [];
  for (const name of names) detectors.push(await FACTORIES[name](context));
  return detectors;
}
