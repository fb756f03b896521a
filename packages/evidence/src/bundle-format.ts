/** The bundle's format name: a verifier refuses any other. */
export const BUNDLE_FORMAT = 'haechi-evidence-bundle/1';

/** Files every bundle has besides the manifest and its signature. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  publicKey: 'signing-key.pem',
  record: 'record.json',
  notices: 'notices.json',
  audit: 'audit.jsonl',
  readme: 'README.txt',
} as const;

export interface BundleFileEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** manifest.json: what the signature covers, and through the digests, every other file. */
export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly recordId: string;
  readonly exportedAt: string;
  /** `user:<id>`: who exported it (the export is also in the audit log). */
  readonly exportedBy: string;
  /** The audit chain's head at export, to compare with `haechi audit verify` on the server. */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
  /** SHA-256 of the signing key's public key (DER, SubjectPublicKeyInfo), hex. */
  readonly signingKeyFingerprint: string;
  readonly files: readonly BundleFileEntry[];
}

/** Where a bundle keeps its media file: named by its digest, never by anything it was called. */
export function mediaPath(sha256: string, contentType: string): string {
  const ext =
    {
      'image/jpeg': 'jpg',
      'image/png': 'png',
      'image/webp': 'webp',
      'image/gif': 'gif',
      'image/tiff': 'tif',
      'image/avif': 'avif',
      'video/mp4': 'mp4',
      'video/webm': 'webm',
      'video/quicktime': 'mov',
    }[contentType] ?? 'bin';
  return `media/${sha256}.${ext}`;
}
