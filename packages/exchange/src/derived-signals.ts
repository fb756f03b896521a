import { normalizeSignal, type SignalType } from './signal-types.js';

/** At most this many derived hashes on one entry (Haechi enrols six crops). */
export const MAX_DERIVED = 8;
const CROP_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * The `derived` field of a JSON hash-list line (or `crops` of `haechi hash --enrol` output): a
 * list of `{crop, signal}` PDQ hashes of the picture's crops. Only a PDQ line may carry them.
 * Throws an Error naming what is wrong.
 */
export function parseDerived(
  value: unknown,
  signalType: SignalType,
): Array<{ crop: string; signal: string }> | undefined {
  if (value === undefined) return undefined;
  if (signalType !== 'pdq')
    throw new Error(`only a pdq signal can have derived hashes, not ${signalType}`);
  if (!Array.isArray(value)) throw new Error('"derived" must be an array of {crop, signal}');
  if (value.length > MAX_DERIVED)
    throw new Error(`"derived" has ${value.length} hashes; at most ${MAX_DERIVED}`);
  return value.map((item: unknown, i) => {
    const { crop, signal } = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof crop !== 'string' || !CROP_NAME.test(crop))
      throw new Error(`derived[${i}].crop must be a name like "centre-90"`);
    try {
      return { crop, signal: normalizeSignal('pdq', signal) };
    } catch (error) {
      throw new Error(`derived[${i}].signal: ${(error as Error).message}`);
    }
  });
}
