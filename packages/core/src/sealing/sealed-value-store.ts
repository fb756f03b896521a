/**
 * The fields that hold values sealed under the master key (`v1.<keyId>.…`). PERSISTED: stored in
 * audit entries; add new ones, never rename one.
 */
export const SEALED_FIELDS = [
  'case.contact',
  'case.face_embedding',
  'case_note.body',
  'sealed_media.key',
  'org.webhook_secret',
] as const;
export type SealedField = (typeof SEALED_FIELDS)[number];

export interface SealedValue {
  readonly id: string | number;
  readonly value: string;
}

/**
 * Reads and rewrites sealed values, for re-sealing them under a new master key. Contract: pages
 * come in id order; a replacement applies only where the value is still the one read, so a
 * concurrent change is never overwritten.
 */
export interface SealedValueStore {
  pageSealed(
    field: SealedField,
    afterId: string | number | null,
    limit: number,
  ): Promise<SealedValue[]>;
  replaceSealed(
    field: SealedField,
    changes: ReadonlyArray<{ id: string | number; from: string; to: string }>,
  ): Promise<number>;
}
