/**
 * The reference's image-domain quality: the sum of absolute neighbour differences of the 64×64
 * buffer, scaled to percent of full range, truncated toward zero per pair (float32 arithmetic),
 * divided by 90 and capped at 100. Flat or tiny images score low.
 */
export function computeQuality(buffer64: Float32Array): number {
  const fr = Math.fround;
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const diff = fr(buffer64[i * 64 + j] - buffer64[(i + 1) * 64 + j]);
      sum += Math.abs(Math.trunc(fr(fr(diff * 100) / 255)));
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const diff = fr(buffer64[i * 64 + j] - buffer64[i * 64 + j + 1]);
      sum += Math.abs(Math.trunc(fr(fr(diff * 100) / 255)));
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}
