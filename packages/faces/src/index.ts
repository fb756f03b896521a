export {
  FACE_EMBEDDING_LENGTH,
  describedFaces,
  humanFaceConfig,
  type HumanFace,
} from './face-config.js';
