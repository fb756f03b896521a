import { createHash, sign } from 'node:crypto';
import type { AuditEntry, EvidenceRecord } from '@haechi/core';
import { strToU8, zipSync, type Zippable } from 'fflate';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  mediaPath,
  type BundleFileEntry,
  type BundleManifest,
} from './bundle-format.js';
import type { EvidenceSigningKey } from './signing-key.js';

export interface BundleContent {
  readonly record: EvidenceRecord;
  /** The notices about the item as they stand at export, with their events (JSON). */
  readonly notices: unknown;
  /** Every audit entry that concerns the record, its subject, its notices, review items and case. */
  readonly auditEntries: readonly AuditEntry[];
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
  /** The preserved bytes, decrypted, when the investigator asked for them. */
  readonly media?: { readonly bytes: Uint8Array; readonly contentType: string } | undefined;
  readonly exportedAt: string;
  readonly exportedBy: string;
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const README = `Haechi evidence bundle (${BUNDLE_FORMAT})

record.json   the evidence record, fixed when the item was confirmed; its factsDigest is the
              SHA-256 of the canonical JSON of its facts, and the audit entry "evidence.fixed"
              for the record carries the same digest as its afterDigest.
notices.json  the notices about the item and every event on them, as they stood at export.
audit.jsonl   the audit entries that concern the record; each hashes to its own "hash" field.
media/        the preserved media, named by its SHA-256, when the export included it.
manifest.json the SHA-256 and size of every file above; manifest.sig is its Ed25519 signature
              (base64) by signing-key.pem, whose fingerprint the manifest names.

Verify offline: haechi evidence verify BUNDLE.zip --public-key KEY.pem
(the instance's key is served at GET /v1/evidence/signing-key).
`;

/** Builds the zip: files, their digests in the manifest, and the manifest's signature. */
export function writeEvidenceBundle(
  content: BundleContent,
  key: EvidenceSigningKey,
): { zip: Uint8Array; manifest: BundleManifest; manifestDigest: string } {
  const files = new Map<string, Uint8Array>([
    [BUNDLE_FILES.record, strToU8(`${JSON.stringify(content.record, null, 2)}\n`)],
    [BUNDLE_FILES.notices, strToU8(`${JSON.stringify(content.notices, null, 2)}\n`)],
    [
      BUNDLE_FILES.audit,
      strToU8(content.auditEntries.map((entry) => `${JSON.stringify(entry)}\n`).join('')),
    ],
    [BUNDLE_FILES.publicKey, strToU8(key.publicKeyPem)],
    [BUNDLE_FILES.readme, strToU8(README)],
  ]);
  if (content.media)
    files.set(
      mediaPath(sha256Hex(content.media.bytes), content.media.contentType),
      content.media.bytes,
    );
  const entries: BundleFileEntry[] = [...files].map(([path, bytes]) => ({
    path,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
  }));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    recordId: content.record.id,
    exportedAt: content.exportedAt,
    exportedBy: content.exportedBy,
    auditHead: content.auditHead,
    signingKeyFingerprint: key.fingerprint,
    files: entries,
  };
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = sign(null, manifestBytes, key.privateKey).toString('base64');
  const zippable: Zippable = {
    [BUNDLE_FILES.manifest]: manifestBytes,
    [BUNDLE_FILES.signature]: strToU8(`${signature}\n`),
  };
  // Media is already compressed: stored as it is, so the zip costs no CPU for it.
  for (const [path, bytes] of files)
    zippable[path] = path.startsWith('media/') ? [bytes, { level: 0 }] : bytes;
  return { zip: zipSync(zippable), manifest, manifestDigest: sha256Hex(manifestBytes) };
}
