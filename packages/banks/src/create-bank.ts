import type { Bank, BankStore } from '@haechi/core';
import { assertBankName } from './bank-name.js';

/** Creates an empty bank; AppError `invalid_bank_name` or `bank_exists` when it cannot. */
export async function createBank(
  store: BankStore,
  input: { name: string; description?: string; createdBy: string; at: string },
): Promise<Bank> {
  assertBankName(input.name);
  return store.createBank({
    name: input.name,
    description: input.description ?? '',
    createdBy: input.createdBy,
    at: input.at,
  });
}
