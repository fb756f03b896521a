/** A stretch of a video (or animation) whose sampled frames all hold one finding. */
export interface Segment {
  readonly startSec: number;
  /** When the first sampled frame after the stretch is shown (or the last one's time + interval). */
  readonly endSec: number;
}

/**
 * The runs of consecutive sampled frames among `frames` (indexes into `times`, ascending), as
 * segments, each with the best `value` of its frames (`best` picks it: the smallest distance, the
 * highest score).
 */
export function toSegments<T>(
  times: readonly number[],
  frames: ReadonlyArray<{ readonly frame: number; readonly value: T }>,
  best: (a: T, b: T) => T,
): Array<Segment & { readonly value: T }> {
  const interval = typicalInterval(times);
  const segments: Array<Segment & { value: T }> = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    let value = frames[i].value;
    while (j + 1 < frames.length && frames[j + 1].frame === frames[j].frame + 1)
      value = best(value, frames[++j].value);
    const next = times[frames[j].frame + 1];
    segments.push({
      startSec: times[frames[i].frame],
      endSec: next ?? times[frames[j].frame] + interval,
      value,
    });
    i = j + 1;
  }
  return segments;
}

/** The usual time between sampled frames (the sampling interval; 1 s when unknown). */
function typicalInterval(times: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}
