export { AppError, isAppError } from './errors/app-error.js';
export { ERROR_CODES, httpStatusOf, type ErrorCode } from './errors/error-codes.js';
export type {
  Bank,
  BankChange,
  BankEntry,
  BankSummary,
  MirroredChange,
  NewBankEntry,
} from './banks/bank.js';
export type { BankStore } from './banks/bank-store.js';
