import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  computeAuditHash,
  digestOf,
  type AuditEntry,
  type EvidenceRecord,
  type Sha256Hex,
} from '@haechi/core';
import { strFromU8, unzipSync } from 'fflate';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from './bundle-format.js';
import { publicKeyFingerprint } from './signing-key.js';

export interface BundleCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface BundleVerdict {
  readonly ok: boolean;
  readonly recordId: string | null;
  readonly signingKeyFingerprint: string | null;
  readonly checks: readonly BundleCheck[];
}

export interface VerifyOptions {
  /** The instance's public key (PEM): without it, the bundle's own key is only self-consistent. */
  readonly trustedPublicKeyPem?: string | undefined;
  /** Refuse archives that would unpack to more than this (default 2 GiB). */
  readonly maxUnpackedBytes?: number;
  /** Refuse archives with more entries than this (default 1,000). */
  readonly maxEntries?: number;
}

const sha256Bytes = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sha256Text: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

class Checks {
  readonly list: BundleCheck[] = [];
  add(check: string, ok: boolean, detail: string): boolean {
    this.list.push({ check, ok, detail });
    return ok;
  }
}

/** Unzips within limits: the declared sizes bound what is allocated, so a zip bomb is refused. */
function unpack(zip: Uint8Array, options: VerifyOptions): Map<string, Uint8Array> {
  const maxBytes = options.maxUnpackedBytes ?? 2 * 1024 ** 3;
  const maxEntries = options.maxEntries ?? 1_000;
  let total = 0;
  let count = 0;
  const files = unzipSync(zip, {
    filter: (file) => {
      if (++count > maxEntries) throw new Error(`the archive has more than ${maxEntries} entries`);
      // 0xFFFFFFFF defers the size to a zip64 record, which bundles never need: refused rather
      // than trusted, so a declared size cannot slip under the limit.
      if (file.originalSize >= 0xffffffff || file.size >= 0xffffffff)
        throw new Error('zip64 sizes are not accepted in an evidence bundle');
      total += file.originalSize;
      if (total > maxBytes)
        throw new Error(`the archive would unpack to more than ${maxBytes} bytes`);
      // Folders (`zip -r` adds them) hold nothing to check.
      return !(file.name.endsWith('/') && file.originalSize === 0);
    },
  });
  return new Map(Object.entries(files));
}

/** JSON from the archive, or null; the callers check the fields they rely on. */
function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return null;
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    return null;
  }
}

/**
 * Checks a bundle offline: the manifest's signature (and, when given, that the trusted key made
 * it), every file's digest and size, no file added, the record's facts against its digest, each
 * audit entry against its own hash, the record's `evidence.fixed` entry against the facts, and the
 * media against the digest the record preserved. Never throws on a bad bundle: it says what failed.
 */
export function verifyEvidenceBundle(zip: Uint8Array, options: VerifyOptions = {}): BundleVerdict {
  const checks = new Checks();
  const verdict = (recordId: string | null, fingerprint: string | null): BundleVerdict => ({
    ok: checks.list.every((c) => c.ok),
    recordId,
    signingKeyFingerprint: fingerprint,
    checks: checks.list,
  });
  let files: Map<string, Uint8Array>;
  try {
    files = unpack(zip, options);
  } catch (error) {
    checks.add('archive', false, `not a readable zip archive: ${(error as Error).message}`);
    return verdict(null, null);
  }
  const manifestBytes = files.get(BUNDLE_FILES.manifest);
  const manifest = parseJson(manifestBytes) as BundleManifest | null;
  if (!manifestBytes || !manifest || manifest.format !== BUNDLE_FORMAT) {
    checks.add('manifest', false, `${BUNDLE_FILES.manifest} is missing or not ${BUNDLE_FORMAT}`);
    return verdict(null, null);
  }
  checks.add('manifest', true, `${manifest.files.length} files listed`);

  // The signature, by the key in the bundle, which must be the trusted one when one is given.
  const keyPem = files.get(BUNDLE_FILES.publicKey);
  const signature = files.get(BUNDLE_FILES.signature);
  let fingerprint: string | null = null;
  try {
    fingerprint = publicKeyFingerprint(strFromU8(keyPem ?? new Uint8Array()));
    const signed =
      signature !== undefined &&
      verify(
        null,
        manifestBytes,
        createPublicKey(strFromU8(keyPem as Uint8Array)),
        Buffer.from(strFromU8(signature).trim(), 'base64'),
      );
    checks.add(
      'signature',
      signed && fingerprint === manifest.signingKeyFingerprint,
      signed
        ? fingerprint === manifest.signingKeyFingerprint
          ? `signed by key ${fingerprint.slice(0, 16)}…`
          : 'the manifest names another signing key'
        : 'the manifest does not match its signature (it was changed after signing)',
    );
  } catch {
    checks.add('signature', false, `${BUNDLE_FILES.publicKey} is not an Ed25519 public key`);
  }
  if (options.trustedPublicKeyPem === undefined)
    // A forger can sign a changed bundle with a key of their own: without the instance's key,
    // a good signature proves nothing about who made it.
    checks.add(
      'signer',
      false,
      "no trusted key was given: the signature is self-consistent, but anyone could have made it; give the instance's public key",
    );
  else {
    let trusted: string | null = null;
    try {
      trusted = publicKeyFingerprint(options.trustedPublicKeyPem);
    } catch {
      checks.add('signer', false, 'the trusted key given is not an Ed25519 public key');
    }
    if (trusted !== null)
      checks.add(
        'signer',
        trusted === fingerprint,
        trusted === fingerprint
          ? 'signed by the trusted key'
          : 'signed by a key other than the trusted one',
      );
  }

  // Every listed file is there with its digest; nothing else is.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const entry of manifest.files) {
    const bytes = files.get(entry.path);
    checks.add(
      `file ${entry.path}`,
      bytes !== undefined && bytes.length === entry.bytes && sha256Bytes(bytes) === entry.sha256,
      bytes === undefined
        ? 'missing'
        : sha256Bytes(bytes) === entry.sha256 && bytes.length === entry.bytes
          ? 'digest matches'
          : 'its SHA-256 differs from the manifest (the file was changed)',
    );
  }
  for (const path of files.keys())
    if (path !== BUNDLE_FILES.manifest && path !== BUNDLE_FILES.signature && !listed.has(path))
      checks.add(`file ${path}`, false, 'not in the manifest (added after signing)');

  // The record's facts against their digest, and against the audit chain's record of them.
  const record = parseJson(files.get(BUNDLE_FILES.record)) as EvidenceRecord | null;
  if (!record || record.id !== manifest.recordId) {
    checks.add('record', false, `${BUNDLE_FILES.record} is missing or names another record`);
    return verdict(manifest.recordId, fingerprint);
  }
  checks.add(
    'record',
    digestOf(record.facts, sha256Text) === record.factsDigest,
    digestOf(record.facts, sha256Text) === record.factsDigest
      ? 'the facts match their digest'
      : 'the facts do not match their digest (the record was changed)',
  );
  const auditText = files.get(BUNDLE_FILES.audit);
  const entries: AuditEntry[] = [];
  let readable = auditText !== undefined;
  for (const line of auditText ? strFromU8(auditText).split('\n') : []) {
    if (line.trim() === '') continue;
    const entry = parseJson(new TextEncoder().encode(line)) as AuditEntry | null;
    if (entry === null) readable = false;
    else entries.push(entry);
  }
  const broken = entries.find((e) => computeAuditHash(e, sha256Text) !== e.hash);
  checks.add(
    'audit entries',
    readable && broken === undefined && entries.length > 0,
    !readable || entries.length === 0
      ? `${BUNDLE_FILES.audit} is missing or unreadable`
      : broken
        ? `entry #${broken.seq} does not match its hash (it was edited)`
        : `${entries.length} entries, each matching its hash`,
  );
  const fixed = entries.find(
    (e) => e.action === 'evidence.fixed' && e.objectType === 'evidence' && e.objectId === record.id,
  );
  checks.add(
    'fixed in the audit log',
    fixed !== undefined && fixed.afterDigest === record.factsDigest,
    fixed === undefined
      ? 'no evidence.fixed entry for the record'
      : fixed.afterDigest === record.factsDigest
        ? `entry #${fixed.seq} recorded these facts at ${fixed.at}`
        : `entry #${fixed.seq} recorded other facts`,
  );

  // The media, if exported, is what the record preserved.
  const media = record.facts['media'];
  const preserved =
    typeof media === 'object' && media !== null && 'sha256' in media ? media.sha256 : undefined;
  const mediaFiles = [...files.keys()].filter((p) => p.startsWith('media/'));
  for (const path of mediaFiles) {
    const digest = sha256Bytes(files.get(path) as Uint8Array);
    checks.add(
      `media ${path}`,
      preserved === digest,
      preserved === digest
        ? 'the bytes the record preserved'
        : 'not the bytes the record preserved',
    );
  }
  return verdict(record.id, fingerprint);
}
