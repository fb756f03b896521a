import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number ≥ 1 (job counts, byte and pixel limits). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('must be a whole number ≥ 1');
  }
  return n;
}

/** Commander parser for a PDQ radius: a whole number 0…256. */
export function parseRadius(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 256)
    throw new InvalidArgumentError('must be a whole number 0…256');
  return n;
}
