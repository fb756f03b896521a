export { ProvenanceDetector } from './provenance/provenance-detector.js';
export { readContainerMetadata, type ContainerMetadata } from './provenance/container-metadata.js';
export { provenanceFindings, type ProvenanceFinding } from './provenance/provenance-findings.js';
export {
  readC2paManifests,
  type C2paManifest,
  C2PA_STORE_UUID,
} from './provenance/c2pa-manifest.js';
export { OnnxDetector, type FaceLocator } from './model/onnx-detector.js';
export { HttpDetector, type HttpDetectorLog } from './model/http-detector.js';
export { loadModelDetectors } from './model/load-model-detectors.js';
export {
  ZModelDetectorsFile,
  ZOnnxDetectorConfig,
  ZHttpDetectorConfig,
  type OnnxDetectorConfig,
  type HttpDetectorConfig,
} from './model/model-config.js';
export { MicroBatcher } from './model/micro-batcher.js';
export { NudityDetector, type NudityModel, type NudityOptions } from './nudity/nudity-detector.js';
export { createDetectors, DETECTOR_NAMES, type DetectorContext } from './detector-registry.js';
export {
  FaceEmbedder,
  FACE_EMBEDDING_LENGTH,
  lazyFaceLocator,
  type FaceEmbedding,
} from './face/face-embedder.js';
export { humanFaceConfig, describedFaces, type HumanFace } from '@haechi/faces';
export { browserFaceAssets } from './face/browser-face-assets.js';
export { FaceIndex, cosineSimilarity } from './face/face-index.js';
export { FaceDetector, FACE_MATCH_THRESHOLD, faceScore } from './face/face-detector.js';
