/** A victim's request: her images' hashes (in a bank of its own), URLs, and how to reach her. */
export const CASE_STATUSES = ['open', 'withdrawn'] as const;

export interface Case {
  readonly id: number;
  /** What the victim (or her counsellor) quotes: `HC-XXXX-XXXX`. */
  readonly code: string;
  /** scrypt hash of the passphrase she chose (self-service cases); null for counsellor-only cases. */
  readonly passphraseHash: string | null;
  /** The support center handling it, if any. */
  readonly centerOrgId: number | null;
  readonly status: (typeof CASE_STATUSES)[number];
  readonly bankId: number;
  /** AES-256-GCM envelopes (see the server's sealing): personal data is never stored in clear. */
  readonly contactSealed: string | null;
  readonly faceEmbeddingSealed: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly withdrawnAt: string | null;
}

export interface CaseUrl {
  readonly id: number;
  readonly caseId: number;
  readonly url: string;
  readonly host: string;
  readonly addedAt: string;
}

export interface UnnoticedCaseUrl extends CaseUrl {
  readonly caseCode: string;
  readonly centerOrgId: number | null;
}

/** A counsellor's note on her contact with the victim: personal data, so sealed like contacts. */
export interface CaseNote {
  readonly id: number;
  readonly caseId: number;
  readonly bodySealed: string;
  readonly author: string;
  readonly createdAt: string;
}

export interface CaseStore {
  createCase(input: Omit<Case, 'id' | 'status' | 'withdrawnAt'>): Promise<Case>;
  getCase(id: number): Promise<Case | null>;
  getCaseByCode(code: string): Promise<Case | null>;
  listCases(options: { centerOrgId?: number; limit: number }): Promise<Case[]>;
  addUrl(
    caseId: number,
    url: string,
    host: string,
    at: string,
    actor: string,
  ): Promise<CaseUrl | null>;
  listUrls(caseId: number): Promise<CaseUrl[]>;
  /**
   * URLs of open cases that no notice covers (hosts no platform has registered), oldest first,
   * with the case's code and center: the counsellors' queue.
   */
  listUnnoticedUrls(limit: number): Promise<UnnoticedCaseUrl[]>;
  /** Withdraws the case and deletes its face embedding (its other data stays, as history). */
  withdrawCase(id: number, at: string, actor: string): Promise<Case>;
  /** The sealed face embeddings of open cases: the enrolled set screening searches. */
  listFaceEmbeddings(): Promise<Array<{ caseId: number; faceEmbeddingSealed: string }>>;
  /** Adds a note (audited as `case.note_added`, with its id only). */
  addNote(caseId: number, bodySealed: string, at: string, author: string): Promise<CaseNote>;
  /** The case's notes, oldest first. */
  listNotes(caseId: number): Promise<CaseNote[]>;
}
