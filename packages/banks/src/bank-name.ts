import { AppError, type Bank, type BankStore } from '@haechi/core';

const BANK_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Bank names go into URLs, file names and other systems' configuration, so they are plain:
 * lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 64 characters.
 */
export function assertBankName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !BANK_NAME.test(name)) {
    throw new AppError(
      'invalid_bank_name',
      `invalid bank name ${JSON.stringify(name)}: use 1–64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}

/** The bank with this name, or AppError `bank_not_found`. */
export async function requireBank(store: BankStore, name: string): Promise<Bank> {
  assertBankName(name);
  const bank = await store.getBankByName(name);
  if (!bank) throw new AppError('bank_not_found', `no bank named "${name}"`);
  return bank;
}
