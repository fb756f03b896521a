import type { Detector } from '@haechi/core';
import { NudityDetector } from './nudity/nudity-detector.js';
import { ProvenanceDetector } from './provenance/provenance-detector.js';

/** The built-in detectors, by the names configuration uses. */
const FACTORIES: Readonly<Record<string, () => Promise<Detector>>> = {
  provenance: async () => new ProvenanceDetector(),
  nudity: () => NudityDetector.load(),
};

export const DETECTOR_NAMES = Object.keys(FACTORIES);

/** The detectors named, in order; an unknown name is refused with the known ones listed. */
export async function createDetectors(names: readonly string[]): Promise<Detector[]> {
  const unknown = names.find((name) => !FACTORIES[name]);
  if (unknown !== undefined)
    throw new Error(`unknown detector "${unknown}" (known: ${DETECTOR_NAMES.join(', ')})`);
  const detectors: Detector[] = [];
  for (const name of names) detectors.push(await (FACTORIES[name] as () => Promise<Detector>)());
  return detectors;
}
