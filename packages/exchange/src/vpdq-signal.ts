import { InvalidHashError, formatHash256, parseHash256, type VpdqFeature } from '@haechi/hashing';

/** Most frames a stored vPDQ signal may have (10 hours at one frame a second). */
export const MAX_VPDQ_FRAMES = 36_000;

/**
 * A vPDQ hash as one signal string: its frames as `frameIndex,pdqHex,quality,timestampSec`
 * (the order the vPDQ reference prints them), joined by `;`. One line, so it fits every exchange
 * format (CSV quotes it).
 */
export function formatVpdqSignal(features: readonly VpdqFeature[]): string {
  return features
    .map(
      (f) =>
        `${f.frameIndex},${formatHash256(f.hash)},${f.quality},${Number(f.timestampSec.toFixed(3))}`,
    )
    .join(';');
}

/** Parses and validates a vPDQ signal string; throws InvalidHashError naming the bad frame. */
export function parseVpdqSignal(value: unknown): VpdqFeature[] {
  if (typeof value !== 'string')
    throw new InvalidHashError('hash_wrong_type', 'a vPDQ signal must be a string');
  const frames = value.trim().split(';');
  if (frames.length === 0 || frames[0] === '')
    throw new InvalidHashError('hash_wrong_length', 'a vPDQ signal needs at least one frame');
  if (frames.length > MAX_VPDQ_FRAMES)
    throw new InvalidHashError(
      'hash_wrong_length',
      `a vPDQ signal may have at most ${MAX_VPDQ_FRAMES} frames`,
    );
  return frames.map((frame, i) => {
    const parts = frame.split(',');
    const fail = (why: string) =>
      new InvalidHashError('hash_not_hex', `vPDQ frame ${i + 1}: ${why}`);
    if (parts.length !== 4) throw fail('expected frameIndex,pdqHex,quality,timestampSec');
    const [index, hex, quality, time] = parts as [string, string, string, string];
    const frameIndex = Number(index);
    const q = Number(quality);
    const timestampSec = Number(time);
    if (!/^\d+$/.test(index) || !Number.isSafeInteger(frameIndex))
      throw fail('frame index must be a whole number');
    if (!/^\d+$/.test(quality) || q > 100) throw fail('quality must be a whole number 0…100');
    if (time.trim() === '' || !Number.isFinite(timestampSec) || timestampSec < 0)
      throw fail('timestamp must be seconds ≥ 0');
    let hash;
    try {
      hash = parseHash256(hex.trim());
    } catch (error) {
      throw fail((error as Error).message);
    }
    return { frameIndex, timestampSec, hash, quality: q };
  });
}
