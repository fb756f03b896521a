import {
  SEALED_FIELDS,
  type AuditStore,
  type SealedField,
  type SealedValueStore,
} from '@haechi/core';
import type { Sealer } from './sealer.js';

export interface ResealReport {
  /** The key every readable value is now sealed with. */
  readonly keyId: string;
  /** Values re-sealed, per field. */
  readonly resealed: Readonly<Record<SealedField, number>>;
  /** Values that were already under the current key. */
  readonly alreadyCurrent: number;
  /**
   * Values sealed with a key this server does not hold, by key id: they stay as they are, and the
   * key they need must not be retired.
   */
  readonly unreadable: Readonly<Record<string, number>>;
}

/**
 * Re-seals every sealed value under the current master key, page by page, so that the keys in
 * HAECHI_PREVIOUS_MASTER_KEYS can then be retired. Safe to run while servers work (a value changed
 * meanwhile is left to the next run) and to run again (current values are skipped).
 */
export async function resealAll(
  deps: { sealed: SealedValueStore; audit: AuditStore; sealer: Sealer },
  meta: { at: string; actor: string },
  pageSize = 500,
): Promise<ResealReport> {
  const { sealer } = deps;
  const resealed = Object.fromEntries(SEALED_FIELDS.map((f) => [f, 0])) as Record<
    SealedField,
    number
  >;
  const unreadable: Record<string, number> = {};
  let alreadyCurrent = 0;
  for (const field of SEALED_FIELDS) {
    let afterId: string | number | null = null;
    for (;;) {
      const page = await deps.sealed.pageSealed(field, afterId, pageSize);
      const changes: Array<{ id: string | number; from: string; to: string }> = [];
      for (const { id, value } of page) {
        const keyId = sealer.keyIdOf(value) ?? 'not sealed';
        if (keyId === sealer.currentKeyId) alreadyCurrent++;
        // Webhook secrets were once kept in plain text (`whsec_…`): sealing them is the migration.
        else if (keyId === 'not sealed' && field === 'org.webhook_secret')
          changes.push({ id, from: value, to: sealer.seal(value) });
        else if (!sealer.canOpen(value)) unreadable[keyId] = (unreadable[keyId] ?? 0) + 1;
        else changes.push({ id, from: value, to: sealer.seal(sealer.open(value)) });
      }
      if (changes.length > 0) resealed[field] += await deps.sealed.replaceSealed(field, changes);
      if (page.length < pageSize) break;
      afterId = (page.at(-1) as { id: string | number }).id;
    }
  }
  const report = { keyId: sealer.currentKeyId, resealed, alreadyCurrent, unreadable };
  await deps.audit.append({
    at: meta.at,
    actor: meta.actor,
    action: 'keys.resealed',
    objectType: 'master_key',
    objectId: sealer.currentKeyId,
    beforeDigest: null,
    afterDigest: null,
    details: { resealed, alreadyCurrent, unreadable },
  });
  return report;
}
