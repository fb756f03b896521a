import type { Limit } from './attempt-limiter.js';

/**
 * Failed sign-ins allowed per 15-minute window. Counted per address, and per account *from that
 * address*, so nobody elsewhere can lock a victim out of her case by failing on purpose; strong
 * passphrases (see checkPasswordStrength) make the guesses an address gets worthless. Staff
 * accounts also have a limit across all addresses (credential stuffing from many addresses).
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
const PER_ADDRESS = 20;
const PER_ACCOUNT_AND_ADDRESS = 5;
const PER_STAFF_ACCOUNT = 30;

/** The limits one sign-in counts against, and the run of failures a success forgets. */
export interface SignInLimits {
  readonly limits: Limit[];
  /** The account's failures from this address: a success ends them (the address's stay). */
  readonly clearOnSuccess: string[];
}

export function victimSignInLimits(code: string | null, client: string): SignInLimits {
  const pair = code ? `victim-sign-in:case:${code}:address:${client}` : null;
  return {
    limits: [
      { key: `victim-sign-in:address:${client}`, max: PER_ADDRESS },
      ...(pair ? [{ key: pair, max: PER_ACCOUNT_AND_ADDRESS }] : []),
    ],
    clearOnSuccess: pair ? [pair] : [],
  };
}

export function staffSignInLimits(email: string, client: string): SignInLimits {
  const account = email.trim().toLowerCase();
  const pair = `staff-sign-in:account:${account}:address:${client}`;
  return {
    limits: [
      { key: `staff-sign-in:address:${client}`, max: PER_ADDRESS },
      { key: pair, max: PER_ACCOUNT_AND_ADDRESS },
      { key: `staff-sign-in:account:${account}`, max: PER_STAFF_ACCOUNT },
    ],
    clearOnSuccess: [pair],
  };
}
