/** DCT-II basis rows 1…16 (the DC row 0 is skipped), 64 samples each: computed in double, stored float32. */
function buildDctMatrix(): Float32Array {
  const matrix = new Float32Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      matrix[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
}

const DCT_16x64 = buildDctMatrix();

/**
 * The 16×16 low-frequency block `D · A · Dᵀ` of a 64×64 buffer. Each dot product accumulates in
 * float32 in index order, without fused multiply-add, exactly as the reference's loops do.
 */
export function dct64To16(a: Float32Array): Float32Array {
  const fr = Math.fround;
  const d = DCT_16x64;
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fr(sum + fr(d[i * 64 + k] * a[k * 64 + j]));
      t[i * 64 + j] = sum;
    }
  }
  const b = new Float32Array(16 * 16);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fr(sum + fr(t[i * 64 + k] * d[j * 64 + k]));
      b[i * 16 + j] = sum;
    }
  }
  return b;
}
