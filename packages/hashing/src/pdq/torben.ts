/**
 * Median by Torben's bisection, as the reference computes it: for an even count it returns the
 * element its min/max search lands on, which is not the mean of the two middle values. Porting the
 * selection rule exactly is what keeps threshold ties on the same side as the reference's.
 */
export function torbenMedian(values: Float32Array): number {
  const fr = Math.fround;
  const n = values.length;
  const half = Math.floor((n + 1) / 2);
  let min = values[0];
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (;;) {
    const guess = fr(fr(min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxBelow = min;
    let minAbove = max;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v < guess) {
        less++;
        if (v > maxBelow) maxBelow = v;
      } else if (v > guess) {
        greater++;
        if (v < minAbove) minAbove = v;
      } else {
        equal++;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return maxBelow;
      if (less + equal >= half) return guess;
      return minAbove;
    }
    if (less > greater) max = maxBelow;
    else min = minAbove;
  }
}
