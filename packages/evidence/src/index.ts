export {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  mediaPath,
  type BundleFileEntry,
  type BundleManifest,
} from './bundle-format.js';
export {
  loadOrCreateSigningKey,
  publicKeyFingerprint,
  signingKeyFromPem,
  type EvidenceSigningKey,
} from './signing-key.js';
export { writeEvidenceBundle, type BundleContent } from './write-bundle.js';
export {
  verifyEvidenceBundle,
  type BundleCheck,
  type BundleVerdict,
  type VerifyOptions,
} from './verify-bundle.js';
export {
  anchorAuditHead,
  anchorOfBundle,
  anchorSignedBy,
  readAnchors,
  signAnchor,
} from './audit-anchors.js';
