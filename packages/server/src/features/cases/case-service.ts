import {
  AppError,
  type AccessStore,
  type AuditStore,
  type BankStore,
  type Case,
  type CaseStore,
  type Notice,
  type NoticeStore,
  type Principal,
} from '@haechi/core';
import {
  UNKNOWN_ACCOUNT_HASH,
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from '@haechi/access';
import { createHash, randomBytes } from 'node:crypto';
import { createBank, ensureBank, importHashList, withdrawSignals } from '@haechi/banks';
import type { Sealer } from '../../services/sealing/sealer.js';
import type { NoticeService } from '../notices/notice-service.js';
import type { AttemptLimiter, Limit } from '../../services/limits/attempt-limiter.js';
import { victimSignInLimits } from '../../services/limits/sign-in-limits.js';
import { newCaseCode, normalizeCaseCode } from './case-code.js';
import {
  MAX_CASE_HASHES,
  MAX_URLS,
  checkCaseHashes,
  checkFaceEmbeddings,
  checkUrl,
} from './case-input.js';
import { caseTimeline, type TimelineEvent } from './case-timeline.js';

export interface CaseServiceDeps {
  readonly cases: CaseStore;
  readonly banks: BankStore;
  readonly notices: NoticeStore;
  readonly noticeService: NoticeService;
  readonly audit: AuditStore;
  readonly access: AccessStore;
  readonly sealer: Sealer;
  /** Failed victim sign-ins (15-minute windows). */
  readonly signInLimiter: AttemptLimiter;
  /** Cases opened per address and per counsellor (one-day windows). */
  readonly openingLimiter: AttemptLimiter;
  /** How many cases one address may open in a day without an account (HAECHI_CASES_PER_ADDRESS_PER_DAY). */
  readonly casesPerAddressPerDay: number;
  readonly now: () => Date;
  /** The length of the face model's vectors, when face search is on: others are refused. */
  readonly faceEmbeddingLength?: number;
  /** Told when enrolled faces change (a case opened with one, or withdrawn). */
  readonly onFacesChanged?: () => void;
}

export interface OpenCaseInput {
  /** Who opens it: the victim herself (`victim`) or a counsellor's principal. */
  readonly by: 'victim' | Principal;
  /** The address the request came from (limits cases opened without an account). */
  readonly client: string;
  /** Required for the victim's own case: she quotes it with the code to follow the case. */
  readonly passphrase?: string;
  /** Hashes of her images, computed on her device. */
  readonly hashes: ReadonlyArray<{ signalType: string; signal: string }>;
  readonly urls?: readonly string[];
  /** Face embedding computed on her device; stored sealed, used only for matching. */
  readonly faceEmbedding?: readonly number[];
  /** Several, one per photo she enrolled (matching takes the closest). */
  readonly faceEmbeddings?: ReadonlyArray<readonly number[]>;
  readonly contact?: Readonly<Record<string, string>>;
}

/** What the victim (or her counsellor) sees: never another case's data, never the sealed fields. */
export interface CaseStatus {
  readonly code: string;
  readonly status: Case['status'];
  readonly openedAt: string;
  readonly hashes: number;
  readonly urls: Array<{ url: string; addedAt: string }>;
  readonly notices: Array<
    Pick<Notice, 'id' | 'url' | 'state' | 'sentAt' | 'deadlineAt' | 'removedAt'> & {
      /** Why a withdrawn notice ended (null while it runs, or when it was removed). */
      readonly closedBecause: NoticeClosedBecause | null;
    }
  >;
}

/**
 * Why a notice was withdrawn, as she is told: the regulator decided for the platform (its dispute,
 * or its lateness), or her request was withdrawn.
 */
export type NoticeClosedBecause = 'rejected_by_regulator' | 'request_withdrawn' | 'withdrawn';

/** A URL of an open case that no notice covers: its host is no registered platform's. */
export interface UnassignedUrl {
  readonly code: string;
  readonly url: string;
  readonly host: string;
  readonly addedAt: string;
}

/** One line of a counsellor's caseload. */
export interface CaseSummary {
  readonly code: string;
  readonly status: Case['status'];
  readonly openedAt: string;
  readonly notices: number;
  readonly removed: number;
  readonly overdue: number;
  /** The soonest deadline of a notice still open; null when none is. */
  readonly nextDeadline: string | null;
}

/** A counsellor's note, opened for her: who wrote it is shown as the author's role. */
export interface CaseNoteView {
  readonly id: number;
  readonly text: string;
  readonly createdAt: string;
  readonly mine: boolean;
}

/** Cases one counsellor opens in a day: far above a working day, far below a flood. */
const MAX_CASES_PER_COUNSELLOR_PER_DAY = 200;
/** The bank confirmed items go to (the regulator's decisions and counsellors' confirmations). */
const CONFIRMED_BANK = 'confirmed';
/** Longest contact note, in characters. */
export const MAX_NOTE_CHARS = 4000;

/**
 * Victims' requests. A case holds her images' hashes in a bank of its own, named with an opaque
 * token (platforms see every such bank as `victim-reported`: uploads that match are held and
 * referred, not blocked, until her counsellor or the regulator confirms them), the URLs where she
 * saw them (each becomes a notice to the hosting platform), and her sealed personal data. She
 * follows it with its code and her passphrase.
 */
export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  async open(
    input: OpenCaseInput,
  ): Promise<{ case: Case; notices: Notice[]; unknownHosts: string[] }> {
    const actor = input.by === 'victim' ? 'victim' : input.by.actor;
    // Who may open one (a victim, a counsellor) is the route's declaration (cases.routes.ts).
    if (input.by === 'victim') {
      const weakness = checkPasswordStrength(input.passphrase ?? '');
      if (weakness) throw new AppError('invalid_input', weakness.replace('password', 'passphrase'));
    }
    if (input.hashes.length === 0 && (input.urls ?? []).length === 0)
      throw new AppError('invalid_input', 'a case needs the hashes of her images, URLs, or both');
    await this.deps.openingLimiter.take(
      [
        input.by === 'victim'
          ? { key: `case-open:address:${input.client}`, max: this.deps.casesPerAddressPerDay }
          : { key: `case-open:person:${input.by.actor}`, max: MAX_CASES_PER_COUNSELLOR_PER_DAY },
      ],
      (limit) => this.flagAbuse(limit, input.by === 'victim' ? 'victim' : input.by.actor),
    );
    const urls = (input.urls ?? []).map(checkUrl);
    if (urls.length > MAX_URLS)
      throw new AppError('invalid_input', `at most ${MAX_URLS} URLs at once`);
    const faces = [
      ...(input.faceEmbedding ? [input.faceEmbedding] : []),
      ...(input.faceEmbeddings ?? []),
    ];
    checkFaceEmbeddings(faces, this.deps.faceEmbeddingLength);
    // Every hash is checked before anything is written: a bad one refuses the whole case.
    const lines = checkCaseHashes(input.hashes);
    const at = this.deps.now().toISOString();
    const code = newCaseCode();
    const bank = await createBank(this.deps.banks, {
      // Opaque: nothing in the name leads to the case or its code.
      name: `victim-${randomBytes(10).toString('hex')}`,
      description: 'hashes of a victim’s images',
      createdBy: actor,
      at,
    });
    if (lines.length > 0) {
      await importHashList(this.deps.banks, {
        bank: bank.name,
        lines,
        parse: { format: 'jsonl' },
        source: 'victim report',
        addedBy: actor,
        at,
      });
    }
    const created = await this.deps.cases.createCase({
      code,
      passphraseHash: input.by === 'victim' ? await hashPassword(input.passphrase as string) : null,
      centerOrgId: input.by === 'victim' ? null : input.by.orgId,
      bankId: bank.id,
      contactSealed: input.contact ? this.deps.sealer.seal(JSON.stringify(input.contact)) : null,
      // Sealed as a list of vectors (a case made before lists held one vector: both are read).
      faceEmbeddingSealed: faces.length > 0 ? this.deps.sealer.seal(JSON.stringify(faces)) : null,
      createdBy: actor,
      createdAt: at,
    });
    const { notices, unknownHosts } = await this.addUrls(created, urls, actor);
    if (faces.length > 0) this.deps.onFacesChanged?.();
    return { case: created, notices, unknownHosts };
  }

  /**
   * Records that a limit was hit, for staff (`haechi audit list`): which limit, never the address
   * or code itself (the key's digest lets staff see repeats without holding it in clear).
   */
  private async flagAbuse(limit: Limit, actor: string): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.now().toISOString(),
      actor,
      action: 'abuse.flagged',
      objectType: 'limit',
      objectId: limit.key.split(':').slice(0, 2).join(':'),
      beforeDigest: null,
      afterDigest: null,
      details: {
        max: limit.max,
        key: createHash('sha256').update(limit.key).digest('hex').slice(0, 16),
      },
    });
  }

  /** Adds URLs to an open case; each becomes a notice to the platform that hosts it. */
  async addUrls(
    theCase: Case,
    urls: readonly string[],
    actor: string,
  ): Promise<{ notices: Notice[]; unknownHosts: string[] }> {
    if (theCase.status !== 'open')
      throw new AppError('invalid_transition', 'a withdrawn case cannot get new URLs or notices');
    const notices: Notice[] = [];
    const unknownHosts: string[] = [];
    for (const raw of urls) {
      const url = checkUrl(raw);
      const host = new URL(url).hostname;
      await this.deps.cases.addUrl(theCase.id, url, host, this.deps.now().toISOString(), actor);
      const notice = await this.deps.noticeService.noticeUrl({ url, caseId: theCase.id, actor });
      if (notice) notices.push(notice);
      else if (
        !(await this.deps.notices.listNotices({ caseId: theCase.id, limit: 10_000 })).some(
          (n) => n.url === url,
        )
      )
        unknownHosts.push(host);
    }
    return { notices, unknownHosts };
  }

  /**
   * The victim's sign-in: code and passphrase. Failures are limited per address and per code from
   * that address, in the store (every worker, across restarts); see sign-in-limits.ts.
   */
  async authenticateVictim(codeInput: string, passphrase: string, client: string): Promise<Case> {
    const code = normalizeCaseCode(codeInput);
    const { limits, clearOnSuccess } = victimSignInLimits(code, client);
    return this.deps.signInLimiter.guard(limits, clearOnSuccess, async () => {
      const found = code ? await this.deps.cases.getCaseByCode(code) : null;
      // An unknown code (or a case without a passphrase) costs a full check too: the time taken
      // must not tell whether a code exists.
      const ok = await verifyPassword(passphrase, found?.passphraseHash ?? UNKNOWN_ACCOUNT_HASH);
      if (!found || !ok) throw new AppError('unauthenticated', 'wrong case code or passphrase');
      if (found.status === 'withdrawn')
        throw new AppError(
          'invalid_transition',
          'this request was withdrawn, so it can no longer be followed; a support center can help with a new one',
        );
      return found;
    });
  }

  /** A counsellor's caseload: her center's cases, newest first, with their notices' progress. */
  async listForCenter(counsellor: Principal, limit = 200): Promise<CaseSummary[]> {
    const cases = await this.deps.cases.listCases({ centerOrgId: counsellor.orgId, limit });
    return Promise.all(
      cases.map(async (c) => {
        const notices = await this.deps.notices.listNotices({ caseId: c.id, limit: 10_000 });
        const open = notices.filter((n) => n.state !== 'removed' && n.state !== 'withdrawn');
        return {
          code: c.code,
          status: c.status,
          openedAt: c.createdAt,
          notices: notices.length,
          removed: notices.filter((n) => n.state === 'removed').length,
          overdue: notices.filter((n) => n.state === 'overdue').length,
          nextDeadline: open.map((n) => n.deadlineAt).sort()[0] ?? null,
        };
      }),
    );
  }

  /** A case the principal may see: the victim's own, or one of the counsellor's center. */
  async requireCase(code: string, viewer: { caseId: number } | Principal): Promise<Case> {
    const normal = normalizeCaseCode(code);
    const found = normal ? await this.deps.cases.getCaseByCode(normal) : null;
    const allowed =
      found !== null &&
      ('caseId' in viewer
        ? viewer.caseId === found.id
        : viewer.role === 'counsellor' && viewer.orgId === found.centerOrgId);
    if (!found || !allowed) throw new AppError('case_not_found', 'no such case');
    // Her session ends with her request: a withdrawn case is no longer readable with it.
    if ('caseId' in viewer && found.status === 'withdrawn')
      throw new AppError('unauthenticated', 'this request was withdrawn: its session has ended');
    return found;
  }

  async timeline(theCase: Case): Promise<TimelineEvent[]> {
    return caseTimeline(theCase, this.deps);
  }

  async addNote(theCase: Case, counsellor: Principal, text: string): Promise<CaseNoteView> {
    const body = text.trim();
    if (body.length === 0) throw new AppError('invalid_input', 'text: the note is empty');
    if (body.length > MAX_NOTE_CHARS)
      throw new AppError('invalid_input', `text: a note is at most ${MAX_NOTE_CHARS} characters`);
    const note = await this.deps.cases.addNote(
      theCase.id,
      this.deps.sealer.seal(body),
      this.deps.now().toISOString(),
      counsellor.actor,
    );
    return { id: note.id, text: body, createdAt: note.createdAt, mine: true };
  }

  async notes(theCase: Case, counsellor: Principal): Promise<CaseNoteView[]> {
    return (await this.deps.cases.listNotes(theCase.id)).map((n) => ({
      id: n.id,
      text: this.deps.sealer.open(n.bodySealed),
      createdAt: n.createdAt,
      mine: n.author === counsellor.actor,
    }));
  }

  async status(theCase: Case): Promise<CaseStatus> {
    const bank = (await this.deps.banks.listBanks()).find((b) => b.id === theCase.bankId);
    const notices = await this.deps.notices.listNotices({ caseId: theCase.id, limit: 10_000 });
    return {
      code: theCase.code,
      status: theCase.status,
      openedAt: theCase.createdAt,
      hashes: bank?.activeEntries ?? 0,
      urls: (await this.deps.cases.listUrls(theCase.id)).map((u) => ({
        url: u.url,
        addedAt: u.addedAt,
      })),
      notices: await Promise.all(
        notices.map(async (n) => ({
          id: n.id,
          url: n.url,
          state: n.state,
          sentAt: n.sentAt,
          deadlineAt: n.deadlineAt,
          removedAt: n.removedAt,
          closedBecause: n.state === 'withdrawn' ? await this.closedBecause(n.id, theCase) : null,
        })),
      ),
    };
  }

  private async closedBecause(noticeId: number, theCase: Case): Promise<NoticeClosedBecause> {
    const last = (await this.deps.notices.listEvents(noticeId))
      .filter((e) => e.toState === 'withdrawn')
      .at(-1);
    if (last?.event === 'reject_notice') return 'rejected_by_regulator';
    if (theCase.status === 'withdrawn') return 'request_withdrawn';
    // Otherwise only a reviewer withdraws a case's notice (deciding its lateness against it).
    if (last?.actor.startsWith('user:')) return 'rejected_by_regulator';
    return 'withdrawn';
  }

  /**
   * The counsellors' queue of URLs no notice covers: her center's cases and the cases victims
   * opened themselves (they belong to no center), oldest first.
   */
  async unassignedUrls(counsellor: Principal, limit = 500): Promise<UnassignedUrl[]> {
    return (await this.deps.cases.listUnnoticedUrls(limit * 4))
      .filter((u) => u.centerOrgId === null || u.centerOrgId === counsellor.orgId)
      .slice(0, limit)
      .map((u) => ({ code: u.caseCode, url: u.url, host: u.host, addedAt: u.addedAt }));
  }

  /**
   * Tries the queue again (after a platform registered its domains): each URL that a platform now
   * hosts gets its notice. Returns the notices sent.
   */
  async noticeUnassigned(counsellor: Principal): Promise<Notice[]> {
    const sent: Notice[] = [];
    for (const item of await this.unassignedUrls(counsellor)) {
      const found = await this.deps.cases.getCaseByCode(item.code);
      if (!found) continue;
      const notice = await this.deps.noticeService.noticeUrl({
        url: item.url,
        caseId: found.id,
        actor: counsellor.actor,
      });
      if (notice) sent.push(notice);
    }
    return sent;
  }

  /**
   * Her counsellor confirms the case's hashes: they are added to the confirmed bank, so matching
   * uploads are blocked everywhere rather than held. They stay there if she later withdraws the
   * case (a confirmed block is lifted by a reviewer's restore, not by the request's end).
   */
  async confirmHashes(theCase: Case, counsellor: Principal): Promise<number> {
    if (theCase.status !== 'open')
      throw new AppError('invalid_transition', 'a withdrawn case cannot be confirmed');
    const entries = await this.deps.banks.listEntries(theCase.bankId, {
      afterId: 0,
      limit: MAX_CASE_HASHES,
      includeWithdrawn: false,
    });
    if (entries.length === 0) return 0;
    const at = this.deps.now().toISOString();
    await ensureBank(this.deps.banks, {
      name: CONFIRMED_BANK,
      description: 'items the regulator or a counsellor confirmed',
      createdBy: counsellor.actor,
      at,
    });
    await importHashList(this.deps.banks, {
      bank: CONFIRMED_BANK,
      lines: entries.map((e) =>
        JSON.stringify({
          signal_type: e.signalType,
          signal: e.signal,
          labels: { reason: 'ncii', confirmed: 'counsellor' },
          ...(e.derived.length > 0 ? { derived: e.derived } : {}),
        }),
      ),
      parse: { format: 'jsonl' },
      source: 'victim report, confirmed by a counsellor',
      addedBy: counsellor.actor,
      at,
    });
    return entries.length;
  }

  /** Withdraws the case: its hashes stop matching, its open notices are withdrawn. */
  async withdraw(theCase: Case, actor: string): Promise<Case> {
    const at = this.deps.now().toISOString();
    const withdrawn = await this.deps.cases.withdrawCase(theCase.id, at, actor);
    const entries = await this.deps.banks.listEntries(theCase.bankId, {
      afterId: 0,
      limit: 100_000,
      includeWithdrawn: false,
    });
    const bank = (await this.deps.banks.listBanks()).find((b) => b.id === theCase.bankId);
    if (bank && entries.length > 0)
      await withdrawSignals(this.deps.banks, { bank: bank.name, signals: entries, at, by: actor });
    await this.deps.noticeService.withdrawForCase(theCase.id, actor);
    if (theCase.faceEmbeddingSealed !== null) this.deps.onFacesChanged?.();
    return withdrawn;
  }
}
