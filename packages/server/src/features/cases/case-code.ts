import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new case code, `HC-XXXX-XXXX`: 40 random bits, as guessable as a 12-digit number. */
export function newCaseCode(): string {
  const chars = [...randomBytes(8)].map((b) => ALPHABET[b & 31]).join('');
  return `HC-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** A code as typed by a person (lower case, spaces, O for 0…) in its canonical form, or null. */
export function normalizeCaseCode(input: string): string | null {
  const clean = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const match = /^HC([0-9A-HJKMNP-TV-Z]{4})([0-9A-HJKMNP-TV-Z]{4})$/.exec(clean);
  return match ? `HC-${match[1]}-${match[2]}` : null;
}
