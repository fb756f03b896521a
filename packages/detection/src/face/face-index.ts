/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The enrolled faces (one or more vectors per case), searched by cosine similarity. Vectors are
 * normalised once on entry, so a search is one dot product per enrolled face.
 */
export class FaceIndex {
  private readonly vectors: Float32Array[] = [];
  private readonly owners: number[] = [];

  constructor(readonly dimension: number) {}

  get size(): number {
    return this.vectors.length;
  }

  add(owner: number, embedding: ArrayLike<number>): void {
    if (embedding.length !== this.dimension)
      throw new Error(`a face embedding has ${this.dimension} values, not ${embedding.length}`);
    const v = Float32Array.from(embedding);
    let norm = 0;
    for (const x of v) norm += x * x;
    if (!(norm > 0) || !Number.isFinite(norm))
      throw new Error('a face embedding must be finite and not all zero');
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = v[i] * scale;
    this.vectors.push(v);
    this.owners.push(owner);
  }

  /** The most similar enrolled face, or null when none is enrolled. */
  nearest(embedding: Float32Array): { owner: number; similarity: number } | null {
    let best: { owner: number; similarity: number } | null = null;
    let norm = 0;
    for (const x of embedding) norm += x * x;
    if (!(norm > 0)) return null;
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < this.vectors.length; k++) {
      const v = this.vectors[k];
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i] * embedding[i];
      const similarity = dot * scale;
      if (!best || similarity > best.similarity) best = { owner: this.owners[k], similarity };
    }
    return best;
  }
}
