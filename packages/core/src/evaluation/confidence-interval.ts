/**
 * The Wilson score interval of a proportion `successes / n` (95 % by default): unlike the normal
 * approximation it stays inside 0…1 and says something when no success (or no failure) was seen,
 * e.g. 0 false accepts in 720 pairs is a FAR below 0.53 %, not a FAR of 0.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  z = 1.959964,
): { readonly low: number; readonly high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
