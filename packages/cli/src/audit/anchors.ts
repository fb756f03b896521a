import { join, resolve } from 'node:path';
import { anchorAuditHead, loadOrCreateSigningKey, readAnchors } from '@haechi/evidence';
import { openStores } from '../bank/open-bank-store.js';
import { missingStore } from '../bank/data-dir.js';

/** Where the signed heads live: HAECHI_AUDIT_ANCHORS_FILE, else beside the store (as the server). */
export function anchorsFile(dataDir: string): string {
  return resolve(process.env['HAECHI_AUDIT_ANCHORS_FILE'] ?? join(dataDir, 'audit-anchors.jsonl'));
}

/** The instance's Ed25519 key file (HAECHI_EVIDENCE_SIGNING_KEY_FILE, else in the data folder). */
export function signingKeyFile(dataDir: string): string {
  return resolve(
    process.env['HAECHI_EVIDENCE_SIGNING_KEY_FILE'] ?? join(dataDir, 'evidence-signing-key.pem'),
  );
}

/**
 * After a command that changed the store, signs its new head into the anchors file, as a running
 * server does every few seconds: a log cut or rewritten after this moment no longer verifies.
 */
export async function anchorAfterWrite(dataDir: string): Promise<void> {
  if (missingStore(dataDir)) return;
  const stores = await openStores(dataDir, { create: false });
  try {
    const file = anchorsFile(dataDir);
    const { key } = loadOrCreateSigningKey(signingKeyFile(dataDir));
    await anchorAuditHead(
      stores.audit,
      key,
      file,
      new Date().toISOString(),
      readAnchors(file)?.at(-1) ?? null,
    );
  } finally {
    await stores.close();
  }
}
