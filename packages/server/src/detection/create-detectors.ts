import type { Detector } from '@haechi/core';
import { NudityDetector, ProvenanceDetector } from '@haechi/detection';

/** Detectors by the names `HAECHI_DETECTORS` lists. */
const FACTORIES: Readonly<Record<string, () => Promise<Detector>>> = {
  provenance: async () => new ProvenanceDetector(),
  nudity: () => NudityDetector.load(),
};

export const DETECTOR_NAMES = Object.keys(FACTORIES);

/** The detectors configured, in order; an unknown name stops start-up with the known ones listed. */
export async function createDetectors(names: readonly string[]): Promise<Detector[]> {
  const unknown = names.find((name) => !FACTORIES[name]);
  if (unknown !== undefined)
    throw new Error(
      `configuration: HAECHI_DETECTORS: unknown detector "${unknown}" (known: ${DETECTOR_NAMES.join(', ')})`,
    );
  const detectors: Detector[] = [];
  for (const name of names) detectors.push(await (FACTORIES[name] as () => Promise<Detector>)());
  return detectors;
}
