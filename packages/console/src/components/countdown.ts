/** Notice states whose clock still runs (the platform still has to act). */
export const OPEN_STATES: ReadonlySet<string> = new Set([
  'sent',
  'acknowledged',
  'reopened',
  'overdue',
]);

/** A span of time as hours and minutes: a 24-hour clock is read in hours. */
export function duration(seconds: number): string {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m`;
}

/** Seconds from now to the deadline (negative when past). */
export function secondsUntil(deadlineAt: string, nowMs: number): number {
  return Math.round((Date.parse(deadlineAt) - nowMs) / 1000);
}
