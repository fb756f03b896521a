export { ProvenanceDetector } from './provenance/provenance-detector.js';
export { readContainerMetadata, type ContainerMetadata } from './provenance/container-metadata.js';
export { provenanceFindings, type ProvenanceFinding } from './provenance/provenance-findings.js';
export {
  readC2paManifests,
  type C2paManifest,
  C2PA_STORE_UUID,
} from './provenance/c2pa-manifest.js';
