/**
 * @haechi/banks: the services of hash banks (create, import, export, withdraw, the delta feed and
 * mirrors) over any BankStore, and the in-memory matcher each screening process keeps current from
 * the banks' change feed.
 */
export { assertBankName, requireBank } from './bank-name.js';
export {
  BankMatcher,
  type BankMatch,
  type BankMatcherOptions,
  type MatchOptions,
  type SnapshotReport,
} from './bank-matcher.js';
export { createBank, ensureBank } from './create-bank.js';
export { exportBank, type ExportBankOptions } from './export-bank.js';
export {
  importHashList,
  type ImportHashListInput,
  type ImportHashListResult,
} from './import-hash-list.js';
export {
  applyDeltaFeed,
  mirrorBank,
  type ApplyDeltaFeedInput,
  type MirrorResult,
} from './mirror-bank.js';
export { MAX_DELTA_PAGE, readDeltaFeed, type DeltaFeedPage } from './read-delta-feed.js';
export { withdrawSignals, type WithdrawResult } from './withdraw-signals.js';
export {
  SnapshotError,
  readSnapshotFile,
  writeSnapshotFile,
  type SnapshotArray,
  type SnapshotContents,
} from './snapshot/snapshot-file.js';
export { pdqFromSections, pdqSections, type PdqIndexMeta } from './snapshot/index-sections.js';
