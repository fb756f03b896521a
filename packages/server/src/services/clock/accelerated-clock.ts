/**
 * A clock that runs `rate` times faster than real time from the moment it is made (HAECHI_CLOCK_RATE):
 * at 60, a notice's 24-hour deadline passes in 24 real minutes, with its reminders and escalation on
 * the way. Everything on the server's clock speeds up alike (sign-in sessions too), so the demo's
 * time line stays consistent. Demos and tests only: the configuration refuses it in production.
 */
export function acceleratedClock(
  rate: number,
  realNow: () => number = Date.now,
  startedAt: number = realNow(),
): () => Date {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`clock rate ${rate} is not > 0`);
  return () => new Date(startedAt + (realNow() - startedAt) * rate);
}
