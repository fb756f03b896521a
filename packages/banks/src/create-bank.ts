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

/**
 * The bank with this name, created first when there is none (decisions fill banks such as
 * `confirmed` and `restored` on first use). Two processes creating it at once both get it.
 */
export async function ensureBank(
  store: BankStore,
  input: { name: string; description: string; createdBy: string; at: string },
): Promise<Bank> {
  const existing = await store.getBankByName(input.name);
  if (existing) return existing;
  try {
    return await createBank(store, input);
  } catch (error) {
    const raced = await store.getBankByName(input.name);
    if (raced) return raced;
    throw error;
  }
}
