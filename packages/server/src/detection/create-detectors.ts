import type { Detector } from '@haechi/core';
import { ProvenanceDetector } from '@haechi/detection';

/** Detectors by the names `HAECHI_DETECTORS` lists. */
const FACTORIES: Readonly<Record<string, () => Detector>> = {
  provenance: () => new ProvenanceDetector(),
};

export const DETECTOR_NAMES = Object.keys(FACTORIES);

/** The detectors configured, in order; an unknown name stops start-up with the known ones listed. */
export function createDetectors(names: readonly string[]): Detector[] {
  return names.map((name) => {
    const factory = FACTORIES[name];
    if (!factory)
      throw new Error(
        `configuration: HAECHI_DETECTORS: unknown detector "${name}" (known: ${DETECTOR_NAMES.join(', ')})`,
      );
    return factory();
  });
}
