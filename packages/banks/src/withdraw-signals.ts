import { AppError, type BankEntry, type BankStore } from '@haechi/core';
import { normalizeSignal, parseSignalType } from '@haechi/exchange';
import { requireBank } from './bank-name.js';

export interface WithdrawResult {
  readonly withdrawn: readonly BankEntry[];
  /** Requested signals that were not active in the bank (never added, or already withdrawn). */
  readonly notActive: ReadonlyArray<{ signalType: string; signal: string }>;
}

/**
 * Withdraws signals from a bank: they stop matching everywhere within a second (every process
 * follows the change feed) but stay in the bank's history. Signals are validated first, so a
 * malformed one withdraws nothing.
 */
export async function withdrawSignals(
  store: BankStore,
  input: {
    bank: string;
    signals: ReadonlyArray<{ signalType: string; signal: string }>;
    at: string;
    /** Recorded in the audit log (default `system`). */
    by?: string;
  },
): Promise<WithdrawResult> {
  const bank = await requireBank(store, input.bank);
  const signals = input.signals.map(({ signalType, signal }, i) => {
    try {
      const type = parseSignalType(signalType);
      return { signalType: type, signal: normalizeSignal(type, signal) };
    } catch (error) {
      throw new AppError('invalid_hash', `signal ${i + 1}: ${(error as Error).message}`);
    }
  });
  const withdrawn = await store.withdrawSignals(bank.id, signals, input.at, input.by ?? 'system');
  const done = new Set(withdrawn.map((e) => `${e.signalType}:${e.signal}`));
  return {
    withdrawn,
    notActive: signals.filter((s) => !done.has(`${s.signalType}:${s.signal}`)),
  };
}
