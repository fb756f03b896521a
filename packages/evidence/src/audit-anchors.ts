import { createPublicKey, sign, verify } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { anchorMessage, type AuditAnchor, type AuditStore } from '@haechi/core';
import { strFromU8, unzipSync } from 'fflate';
import { BUNDLE_FILES, type BundleManifest } from './bundle-format.js';
import { publicKeyFingerprint, type EvidenceSigningKey } from './signing-key.js';

const GENESIS = '0'.repeat(64);

/** Signs the chain's head (`seq` 0 and the genesis hash for an empty log) at `at`. */
export function signAnchor(
  head: { seq: number; hash: string },
  at: string,
  key: EvidenceSigningKey,
): AuditAnchor {
  const unsigned = { seq: head.seq, hash: head.hash, at };
  return {
    ...unsigned,
    keyFingerprint: key.fingerprint,
    signature: sign(null, Buffer.from(anchorMessage(unsigned)), key.privateKey).toString('base64'),
  };
}

/** Whether an anchor was signed by the key whose public half is given. */
export function anchorSignedBy(anchor: AuditAnchor, publicKeyPem: string): boolean {
  try {
    return (
      publicKeyFingerprint(publicKeyPem) === anchor.keyFingerprint &&
      verify(
        null,
        Buffer.from(anchorMessage(anchor)),
        createPublicKey(publicKeyPem),
        Buffer.from(anchor.signature, 'base64'),
      )
    );
  } catch {
    return false;
  }
}

/** The anchors in a file (JSON lines), oldest first; null when there is no such file. */
export function readAnchors(file: string): AuditAnchor[] | null {
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as AuditAnchor;
      } catch {
        throw new Error(`${file} line ${i + 1} is not an anchor (JSON)`);
      }
    });
}

/**
 * Appends a signed anchor of the store's current head to `file` (created 0600), unless the last
 * anchor written by this call already covers it. Returns the anchor written, or null.
 */
export async function anchorAuditHead(
  audit: AuditStore,
  key: EvidenceSigningKey,
  file: string,
  at: string,
  last: { seq: number } | null = null,
): Promise<AuditAnchor | null> {
  const head = await audit.head();
  const current = head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS };
  if (last && last.seq === current.seq && existsSync(file)) return null;
  const anchor = signAnchor(current, at, key);
  appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

/**
 * The audit head a bundle's signed manifest records, as an anchor: an investigator's copy of a
 * bundle then proves how far the log had reached when it was exported. Throws when the manifest
 * is not signed by the key given, or the archive is no bundle.
 */
export function anchorOfBundle(
  zip: Uint8Array,
  publicKeyPem: string,
): { seq: number; hash: string; at: string } | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (f) => f.name === BUNDLE_FILES.manifest || f.name === BUNDLE_FILES.signature,
    });
  } catch (error) {
    throw new Error(`not a readable evidence bundle: ${(error as Error).message}`);
  }
  const manifestBytes = files[BUNDLE_FILES.manifest];
  const signature = files[BUNDLE_FILES.signature];
  if (!manifestBytes || !signature) throw new Error('not an evidence bundle (no signed manifest)');
  const signed = verify(
    null,
    manifestBytes,
    createPublicKey(publicKeyPem),
    Buffer.from(strFromU8(signature).trim(), 'base64'),
  );
  if (!signed) throw new Error('the bundle is not signed by the instance key');
  const manifest = JSON.parse(strFromU8(manifestBytes)) as BundleManifest;
  return manifest.auditHead
    ? { seq: manifest.auditHead.seq, hash: manifest.auditHead.hash, at: manifest.exportedAt }
    : null;
}
