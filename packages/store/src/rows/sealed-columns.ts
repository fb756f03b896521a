import type { SealedField } from '@haechi/core';

/** Where each sealed field lives: the same tables and columns on both backends. */
export const SEALED_COLUMNS: Readonly<Record<SealedField, { table: string; column: string }>> = {
  'case.contact': { table: 'cases', column: 'contact_sealed' },
  'case.face_embedding': { table: 'cases', column: 'face_embedding_sealed' },
  'case_note.body': { table: 'case_notes', column: 'body_sealed' },
  'sealed_media.key': { table: 'sealed_media', column: 'key_wrapped' },
  'org.webhook_secret': { table: 'orgs', column: 'webhook_secret' },
};

/** One page of a sealed column, in id order (the first page when `afterId` is null). */
export function pageSql(field: SealedField, afterId: string | number | null): string {
  const { table, column } = SEALED_COLUMNS[field];
  return `SELECT id, ${column} AS value FROM ${table}
           WHERE ${column} IS NOT NULL${afterId === null ? '' : ' AND id > ?'}
           ORDER BY id LIMIT ?`;
}

/** Replaces one value if it is still the one read. */
export function replaceSql(field: SealedField): string {
  const { table, column } = SEALED_COLUMNS[field];
  return `UPDATE ${table} SET ${column} = ? WHERE id = ? AND ${column} = ?`;
}
