/** Why an evidence record was fixed. PERSISTED DATA: never renamed. */
export const EVIDENCE_REASONS = ['review_remove', 'notice_upheld', 'removal_verified'] as const;
export const EVIDENCE_SUBJECTS = ['screening', 'notice'] as const;
export type EvidenceReason = (typeof EVIDENCE_REASONS)[number];

/**
 * An upload's bytes kept encrypted while its item waits for review, so that a confirmation can
 * preserve them: AES-256-GCM under a key of its own, which is itself sealed by the master key.
 */
export interface SealedMedia {
  /** `med_` + random. */
  readonly id: string;
  readonly screeningId: string;
  /** SHA-256 of the plaintext bytes: what the evidence record and the bundle name. */
  readonly sha256: string;
  readonly contentType: string;
  readonly size: number;
  /** The per-record data key, sealed by the master key (`v1.<keyId>.…`). */
  readonly keyWrapped: string;
  readonly iv: Uint8Array;
  readonly tag: Uint8Array;
  /** Empty once purged (a restore decision, or the item was never confirmed). */
  readonly ciphertext: Uint8Array;
  readonly createdAt: string;
  readonly purgedAt: string | null;
}

/**
 * What was known about a confirmed item when it was confirmed: fixed once, never changed. `facts`
 * holds hashes, URLs, timestamps, detector outputs, notices and platform responses; its digest is
 * recorded in the audit chain, so any later edit shows.
 */
export interface EvidenceRecord {
  /** `ev_` + random. */
  readonly id: string;
  readonly subjectType: (typeof EVIDENCE_SUBJECTS)[number];
  readonly subjectId: string;
  readonly reason: EvidenceReason;
  readonly platformOrgId: number;
  readonly caseId: number | null;
  readonly facts: Readonly<Record<string, unknown>>;
  /** SHA-256 of the canonical JSON of `facts`. */
  readonly factsDigest: string;
  /** The preserved bytes, if the item had them and retention is on. */
  readonly mediaId: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface EvidenceStore {
  /** Keeps an upload's sealed bytes (one per screening; a second call changes nothing). */
  saveMedia(media: SealedMedia, actor: string): Promise<void>;
  getMedia(id: string): Promise<SealedMedia | null>;
  getMediaOfScreening(screeningId: string): Promise<SealedMedia | null>;
  /** Audits that a person saw the media (a reviewer revealing it): who, when, which. */
  recordMediaView(media: SealedMedia, meta: { at: string; actor: string }): Promise<void>;
  /** Destroys the ciphertext (the row stays, with its digest, as history). */
  purgeMedia(id: string, meta: { at: string; actor: string; reason: string }): Promise<void>;
  /**
   * Fixes a record and appends its audit entry (afterDigest = factsDigest) in one transaction.
   * Null when the subject already has one: a record is fixed once.
   */
  createRecord(record: EvidenceRecord): Promise<EvidenceRecord | null>;
  getRecord(id: string): Promise<EvidenceRecord | null>;
  getRecordOfSubject(
    subjectType: EvidenceRecord['subjectType'],
    subjectId: string,
  ): Promise<EvidenceRecord | null>;
  /** Newest first; `before` is a createdAt cursor. */
  listRecords(options: { limit: number; before?: string }): Promise<EvidenceRecord[]>;
  /** Audits an export: who took which record, and the digest of the manifest they got. */
  recordExport(
    id: string,
    meta: { at: string; actor: string; manifestDigest: string; withMedia: boolean },
  ): Promise<void>;
}
