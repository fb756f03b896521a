/**
 * Victims' banks. Each case keeps her images' hashes in a bank of its own, named `victim-` and an
 * opaque token that says nothing about her case or its code. Platforms never see those names: every
 * one of them reads as the single bank `victim-reported` (in screenings, bank lists and the feed),
 * so nothing a platform sees tells one victim from another or leads to a case.
 */
export const VICTIM_REPORTED_BANK = 'victim-reported';

const VICTIM_BANK = /^victim-[0-9a-z]+$/;

/** True for a case's own bank (not for the public name `victim-reported`). */
export function isVictimBank(name: string): boolean {
  return VICTIM_BANK.test(name) && name !== VICTIM_REPORTED_BANK;
}

/** The name a platform sees for a bank. */
export function publicBankName(name: string): string {
  return isVictimBank(name) ? VICTIM_REPORTED_BANK : name;
}
