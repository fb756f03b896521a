export { AppError, isAppError } from './errors/app-error.js';
export { ERROR_CODES, httpStatusOf, type ErrorCode } from './errors/error-codes.js';
export type {
  Bank,
  BankChange,
  BankEntry,
  BankSummary,
  MirroredChange,
  NewBankEntry,
  DerivedSignal,
} from './banks/bank.js';
export type { BankStore } from './banks/bank-store.js';
export { VICTIM_REPORTED_BANK, isVictimBank, publicBankName } from './banks/victim-banks.js';
export {
  ORG_KINDS,
  ROLES,
  ROLES_OF_KIND,
  isOrgKind,
  isRole,
  type OrgKind,
  type Principal,
  type Role,
} from './access/roles.js';
export type { Detector, DetectorImage, DetectorInput } from './screening/detector.js';
export type {
  DetectorScore,
  HashMatchSignal,
  MatchSignalType,
  ScreeningSignals,
} from './screening/signals.js';
export {
  VERDICTS,
  ZPlatformPolicy,
  ZPolicyRule,
  type PlatformPolicy,
  type PolicyCondition,
  type PolicyRule,
  type Verdict,
} from './policy/policy-schema.js';
export {
  evaluatePolicy,
  type PolicyDecision,
  type PolicyReason,
} from './policy/evaluate-policy.js';
export {
  RESTORED_BANK,
  RESTORED_PDQ_RADIUS,
  applyRestoredAllowlist,
} from './policy/restored-allowlist.js';
export {
  JURISDICTIONS,
  JURISDICTION_PROFILES,
  isJurisdiction,
  parsePolicyRules,
  resolvePolicyRules,
  type Jurisdiction,
  type JurisdictionProfile,
} from './policy/jurisdictions.js';
export type { AccessStore, ApiKey, Org, Session, User } from './access/access-store.js';
export type { AttemptStore } from './limits/attempt-store.js';
export {
  AnchorChecker,
  anchorMessage,
  type AnchorVerdict,
  type AuditAnchor,
} from './audit/audit-anchor.js';
export {
  SCREENED_MEDIA_KINDS,
  SCREENING_STATUSES,
  type DetectionOutcome,
  type ScreenedHashes,
  type ScreeningEvidence,
  type ScreeningHold,
  type ScreeningRecord,
  type ScreeningStore,
} from './screening/screening-store.js';
export {
  CALLBACK_STATUSES,
  SCREEN_JOB_STATUSES,
  type ScreenJob,
  type ScreenJobStore,
} from './screening/screen-job-store.js';
export { AUDIT_ACTIONS, isAuditAction, type AuditAction } from './audit/audit-actions.js';
export {
  AUDIT_GENESIS_HASH,
  AuditChainVerifier,
  canonicalJson,
  chainAuditEntry,
  computeAuditHash,
  digestOf,
  verifyAuditChain,
  type AuditEntry,
  type AuditRecord,
  type AuditVerdict,
  type Sha256Hex,
} from './audit/audit-chain.js';
export type { AuditStore } from './audit/audit-store.js';
export { UnorderedAuditChainVerifier } from './audit/unordered-chain-verifier.js';
export {
  NOTICE_EVENTS,
  NOTICE_STATES,
  OPEN_NOTICE_STATES,
  canApplyNoticeEvent,
  nextNoticeState,
  noticeDeadline,
  reminderTimes,
  type NoticeEvent,
  type NoticeState,
} from './notices/notice-state.js';
export { JOB_STATUSES, type Job, type JobStore, type NewJob } from './jobs/job-store.js';
export {
  CASE_STATUSES,
  type Case,
  type CaseNote,
  type CaseStore,
  type CaseUrl,
  type UnnoticedCaseUrl,
} from './cases/case-store.js';
export {
  SEALED_FIELDS,
  type SealedField,
  type SealedValue,
  type SealedValueStore,
} from './sealing/sealed-value-store.js';
export {
  NOTICE_RECORD_EVENTS,
  type Notice,
  type NoticeEventRecord,
  type NoticeStore,
} from './notices/notice-store.js';
export { findPlatformDomain } from './notices/platform-domains.js';
export {
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  REVIEW_REASON_CODES,
  REVIEW_STATUSES,
  REASON_CODES_BY_DECISION,
  REVIEW_SLA_HOURS,
  type ReviewItem,
  type ReviewKind,
  type ReviewReasonCode,
  type NewReviewItem,
  type ReviewStore,
} from './review/review-store.js';
export {
  computeTakedownMetrics,
  percentile,
  type ComplianceRow,
  type TakedownMetrics,
} from './oversight/takedown-metrics.js';
export {
  EVIDENCE_REASONS,
  EVIDENCE_SUBJECTS,
  type EvidenceReason,
  type EvidenceRecord,
  type EvidenceStore,
  type SealedMedia,
} from './evidence/evidence-store.js';
export { classifierMetrics, type ClassifierMetrics } from './evaluation/classifier-metrics.js';
export { tarAtFar } from './evaluation/verification-rates.js';
export { wilsonInterval } from './evaluation/confidence-interval.js';
export {
  FINDING_STATUSES,
  MONITOR_KINDS,
  MONITOR_STATUSES,
  type Monitor,
  type MonitorConfig,
  type MonitorEvent,
  type MonitorFinding,
  type MonitorKind,
  type MonitorRunStats,
  type MonitorStore,
  type SeenUrl,
} from './monitoring/monitor-store.js';
export { SUPPORTED_NODE, SUPPORTED_NODE_RANGE, unsupportedNode } from './runtime/supported-node.js';
