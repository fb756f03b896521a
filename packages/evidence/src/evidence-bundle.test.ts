import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { chainAuditEntry, digestOf, type AuditEntry, type EvidenceRecord } from '@haechi/core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILES, mediaPath } from './bundle-format.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadOrCreateSigningKey,
  signingKeyFromPem,
  type EvidenceSigningKey,
} from './signing-key.js';
import { verifyEvidenceBundle } from './verify-bundle.js';
import { writeEvidenceBundle, type BundleContent } from './write-bundle.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const newKey = (): EvidenceSigningKey =>
  signingKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
const key = newKey();
const media = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 0xff, 0xd9]);
const mediaSha = createHash('sha256').update(media).digest('hex');

function content(): BundleContent {
  const facts = {
    url: 'https://delta.example/post/5',
    hashes: { pdq: 'ab'.repeat(32) },
    media: { sha256: mediaSha, contentType: 'image/jpeg', size: media.length },
  };
  const record: EvidenceRecord = {
    id: 'ev_test',
    subjectType: 'screening',
    subjectId: 'scr_x',
    reason: 'review_remove',
    platformOrgId: 4,
    caseId: null,
    facts,
    factsDigest: digestOf(facts, sha256),
    mediaId: 'med_x',
    createdAt: '2026-11-26T12:00:00.000Z',
    createdBy: 'user:7',
  };
  const entries: AuditEntry[] = [];
  const add = (
    action: AuditEntry['action'],
    objectType: string,
    objectId: string,
    after: string | null,
  ) =>
    entries.push(
      chainAuditEntry(
        {
          at: '2026-11-26T12:00:00.000Z',
          actor: 'user:7',
          action,
          objectType,
          objectId,
          beforeDigest: null,
          afterDigest: after,
          details: {},
        },
        entries.at(-1) ?? null,
        sha256,
      ),
    );
  add('screening.recorded', 'screening', 'scr_x', null);
  add('evidence.fixed', 'evidence', 'ev_test', record.factsDigest);
  return {
    record,
    notices: [{ id: 1, state: 'sent', events: [] }],
    auditEntries: entries,
    auditHead: { seq: 2, hash: entries[1].hash },
    media: { bytes: media, contentType: 'image/jpeg' },
    exportedAt: '2026-11-27T00:00:00.000Z',
    exportedBy: 'user:9',
  };
}

/** Rewrites files inside a bundle (as a forger would), keeping everything else. */
function edit(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}
/** The failed checks; against the instance's key unless `trusted` says otherwise (null: none). */
const failed = (zip: Uint8Array, trusted: string | null = key.publicKeyPem) =>
  verifyEvidenceBundle(zip, { trustedPublicKeyPem: trusted ?? undefined })
    .checks.filter((c) => !c.ok)
    .map((c) => `${c.check}: ${c.detail}`);

describe('evidence bundles', () => {
  it('hold the record, notices, audit entries and media, each listed with its digest, and verify', () => {
    const { zip, manifest } = writeEvidenceBundle(content(), key);
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(
      [
        'README.txt',
        'audit.jsonl',
        'manifest.json',
        'manifest.sig',
        `media/${mediaSha}.jpg`,
        'notices.json',
        'record.json',
        'signing-key.pem',
      ].sort(),
    );
    expect(manifest.files.find((f) => f.path.startsWith('media/'))).toEqual({
      path: `media/${mediaSha}.jpg`,
      sha256: mediaSha,
      bytes: 8,
    });
    const verdict = verifyEvidenceBundle(zip, { trustedPublicKeyPem: key.publicKeyPem });
    expect(verdict.ok).toBe(true);
    expect(verdict.recordId).toBe('ev_test');
    expect(verdict.signingKeyFingerprint).toBe(key.fingerprint);
    expect(verdict.checks.map((c) => c.check)).toEqual([
      'manifest',
      'signature',
      'signer',
      ...manifest.files.map((f) => `file ${f.path}`),
      'record',
      'audit entries',
      'fixed in the audit log',
      `media media/${mediaSha}.jpg`,
    ]);
  });

  it('names a changed file, an added file and a changed manifest', () => {
    const { zip } = writeEvidenceBundle(content(), key);
    expect(
      failed(edit(zip, (f) => (f[mediaPath(mediaSha, 'image/jpeg')] = new Uint8Array([1, 2])))),
    ).toEqual([
      `file media/${mediaSha}.jpg: its SHA-256 differs from the manifest (the file was changed)`,
      `media media/${mediaSha}.jpg: not the bytes the record preserved`,
    ]);
    expect(failed(edit(zip, (f) => (f['extra.txt'] = strToU8('x'))))).toEqual([
      'file extra.txt: not in the manifest (added after signing)',
    ]);
    expect(
      failed(
        edit(zip, (f) => {
          const m = JSON.parse(strFromU8(f[BUNDLE_FILES.manifest])) as { exportedBy: string };
          m.exportedBy = 'user:1';
          f[BUNDLE_FILES.manifest] = strToU8(JSON.stringify(m));
        }),
      ),
    ).toEqual([
      'signature: the manifest does not match its signature (it was changed after signing)',
    ]);
  });

  it('catches edited facts even when the forger re-signs everything with a key of their own', () => {
    const forged = content();
    const facts = { ...forged.record.facts, url: 'https://elsewhere.example/' };
    const record = { ...forged.record, facts, factsDigest: digestOf(facts, sha256) };
    const mallory = newKey();
    const { zip } = writeEvidenceBundle({ ...forged, record }, mallory);
    expect(failed(zip, key.publicKeyPem)).toEqual([
      'signer: signed by a key other than the trusted one',
      'fixed in the audit log: entry #2 recorded other facts',
    ]);
    // Facts changed in place, under the honest signature: the digest gives it away.
    const { zip: honest } = writeEvidenceBundle(content(), key);
    const tampered = edit(honest, (f) => {
      const r = JSON.parse(strFromU8(f[BUNDLE_FILES.record])) as EvidenceRecord;
      f[BUNDLE_FILES.record] = strToU8(JSON.stringify({ ...r, facts }));
    });
    expect(failed(tampered)).toEqual([
      'file record.json: its SHA-256 differs from the manifest (the file was changed)',
      'record: the facts do not match their digest (the record was changed)',
    ]);
  });

  it('never calls a bundle valid without the trusted key, however well it is signed', () => {
    const forged = content();
    const facts = { ...forged.record.facts, url: 'https://elsewhere.example/' };
    const record = { ...forged.record, facts, factsDigest: digestOf(facts, sha256) };
    const { zip } = writeEvidenceBundle({ ...forged, record }, newKey());
    const verdict = verifyEvidenceBundle(zip);
    expect(verdict.ok).toBe(false);
    expect(failed(zip, null)).toEqual([
      "signer: no trusted key was given: the signature is self-consistent, but anyone could have made it; give the instance's public key",
      'fixed in the audit log: entry #2 recorded other facts',
    ]);
    // Even an honest bundle is only "intact", not verified, until its signer is checked.
    expect(failed(writeEvidenceBundle(content(), key).zip, null)).toHaveLength(1);
  });

  it('verifies an unchanged bundle re-zipped with folder entries (as `zip -r` makes them)', () => {
    const { zip } = writeEvidenceBundle(content(), key);
    const rezipped = edit(zip, (f) => (f['media/'] = new Uint8Array(0)));
    expect(Object.keys(unzipSync(rezipped))).toContain('media/');
    expect(verifyEvidenceBundle(rezipped, { trustedPublicKeyPem: key.publicKeyPem }).ok).toBe(true);
  });

  it('refuses a zip64 size marker rather than trusting it under the limit', () => {
    const { zip } = writeEvidenceBundle(content(), key);
    const patched = Buffer.from(zip);
    const central = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    patched.writeUInt32LE(0xffffffff, central + 24);
    expect(failed(new Uint8Array(patched))).toEqual([
      'archive: not a readable zip archive: zip64 sizes are not accepted in an evidence bundle',
    ]);
  });

  it('names an edited audit entry', () => {
    const bundle = content();
    const entries = bundle.auditEntries.map((e, i) => (i === 0 ? { ...e, actor: 'user:1' } : e));
    const { zip } = writeEvidenceBundle({ ...bundle, auditEntries: entries }, key);
    expect(failed(zip)).toEqual([
      'audit entries: entry #1 does not match its hash (it was edited)',
    ]);
  });

  it('refuses what is not a bundle, and archives that would unpack too far', () => {
    expect(failed(new Uint8Array([1, 2, 3]))[0]).toMatch(/^archive: not a readable zip archive/);
    const notBundle = zipSync({ 'a.txt': strToU8('hello') });
    expect(failed(notBundle)).toEqual([
      'manifest: manifest.json is missing or not haechi-evidence-bundle/1',
    ]);
    const { zip } = writeEvidenceBundle(content(), key);
    expect(verifyEvidenceBundle(zip, { maxUnpackedBytes: 100 }).checks[0].detail).toBe(
      'not a readable zip archive: the archive would unpack to more than 100 bytes',
    );
    // A signature made over other bytes by the right key still fails.
    const resigned = edit(zip, (f) => {
      f[BUNDLE_FILES.signature] = strToU8(
        sign(null, strToU8('other'), key.privateKey).toString('base64'),
      );
    });
    expect(failed(resigned)).toEqual([
      'signature: the manifest does not match its signature (it was changed after signing)',
    ]);
  });

  it('refuses signing keys that are not Ed25519 PEM', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => signingKeyFromPem(rsa)).toThrow(
      'the evidence signing key must be Ed25519, not rsa',
    );
    expect(() => signingKeyFromPem('nonsense')).toThrow(
      'the evidence signing key is not a PEM private key',
    );
  });

  it('creates the instance key once, private to its owner, and loads the same key after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haechi-signing-'));
    try {
      const file = join(dir, 'evidence-signing-key.pem');
      const first = loadOrCreateSigningKey(file);
      const second = loadOrCreateSigningKey(file);
      expect([first.created, second.created]).toEqual([true, false]);
      expect(second.key.fingerprint).toBe(first.key.fingerprint);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
