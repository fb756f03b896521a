/** A named hash list (e.g. "kcsc-confirmed", "case-2026-0142"). */
export interface Bank {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly createdBy: string;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

export interface BankSummary extends Bank {
  readonly activeEntries: number;
  readonly withdrawnEntries: number;
}

/**
 * A hash derived from the same picture as its entry (a crop of it, hashed when it was enrolled):
 * matched as the entry, withdrawn with it, never counted or exported as an entry of its own.
 */
export interface DerivedSignal {
  /** Which crop, e.g. "centre-90" (see `ENROLMENT_CROPS` in @haechi/hashing). */
  readonly crop: string;
  /** PDQ, lower-case hex. */
  readonly signal: string;
}

/**
 * One signal in a bank. Withdrawn entries stop matching at once but stay, with `withdrawnAt`, as
 * history: a takedown must be explainable afterwards.
 */
export interface BankEntry {
  readonly id: number;
  readonly bankId: number;
  /** "pdq", "md5" or "sha256" (stable names, exchanged with other systems). */
  readonly signalType: string;
  /** Lower-case hex. */
  readonly signal: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Where the signal came from: an import file, a case, a review decision, another system. */
  readonly source: string;
  readonly caseId: string | null;
  readonly addedBy: string;
  readonly addedAt: string;
  readonly withdrawnAt: string | null;
  /** PDQ entries enrolled from a picture: the hashes of its crops (empty otherwise). */
  readonly derived: readonly DerivedSignal[];
}

export type NewBankEntry = Pick<
  BankEntry,
  'signalType' | 'signal' | 'labels' | 'source' | 'caseId'
> & { readonly derived?: readonly DerivedSignal[] };

/** One step of the change feed: keyed by entry, so withdrawals reach every mirror too. */
export interface BankChange {
  /** Strictly increasing across all banks; a follower's cursor. */
  readonly seq: number;
  readonly kind: 'add' | 'withdraw';
  readonly entry: BankEntry;
}

/** A change read from another bank's delta feed, keyed by its signal (ids differ between systems). */
export interface MirroredChange {
  readonly kind: 'add' | 'withdraw';
  readonly signalType: string;
  readonly signal: string;
  readonly labels: Readonly<Record<string, string>>;
}
