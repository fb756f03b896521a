import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarAtFar, type DetectorImage } from '@haechi/core';
import { cosineSimilarity, FACE_MATCH_THRESHOLD, FaceEmbedder } from '@haechi/detection';
import { decodeImage } from '@haechi/media';

export interface FaceEvaluation {
  readonly people: number;
  readonly photos: number;
  /** Photos in which no face was found (left out of the pairs). */
  readonly noFace: readonly string[];
  readonly samePersonPairs: number;
  readonly differentPeoplePairs: number;
  readonly atThreshold: { readonly threshold: number; readonly tar: number; readonly far: number };
  readonly tarAtFar1: { readonly threshold: number; readonly tar: number; readonly far: number };
  readonly tarAtFar01: { readonly threshold: number; readonly tar: number; readonly far: number };
  readonly medianMs: number;
}

/** Every photo of a folder of identities (one subfolder per person), each pair compared. */
export async function evaluateFaces(root: string): Promise<FaceEvaluation> {
  const embedder = await FaceEmbedder.load();
  const people: Array<{ person: string; vectors: Float32Array[] }> = [];
  const noFace: string[] = [];
  const times: number[] = [];
  let photos = 0;
  for (const person of (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const vectors: Float32Array[] = [];
    for (const file of (await readdir(join(root, person))).sort()) {
      const path = join(root, person, file);
      let image: DetectorImage;
      try {
        image = (await decodeImage(new Uint8Array(await readFile(path)))) as DetectorImage;
      } catch {
        continue; // not an image
      }
      photos++;
      const start = performance.now();
      const [face] = await embedder.embed(image);
      times.push(performance.now() - start);
      if (face) vectors.push(face.embedding);
      else noFace.push(path);
    }
    people.push({ person, vectors });
  }
  const same: number[] = [];
  const different: number[] = [];
  for (const [a, pa] of people.entries())
    for (const [b, pb] of people.entries())
      for (const [i, x] of pa.vectors.entries())
        for (const [j, y] of pb.vectors.entries()) {
          if (a === b && i < j) same.push(cosineSimilarity(x, y));
          if (a < b) different.push(cosineSimilarity(x, y));
        }
  const rate = (list: number[]) =>
    list.length === 0 ? 0 : list.filter((s) => s >= FACE_MATCH_THRESHOLD).length / list.length;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    people: people.length,
    photos,
    noFace,
    samePersonPairs: same.length,
    differentPeoplePairs: different.length,
    atThreshold: { threshold: FACE_MATCH_THRESHOLD, tar: rate(same), far: rate(different) },
    tarAtFar1: tarAtFar(same, different, 0.01),
    tarAtFar01: tarAtFar(same, different, 0.001),
    medianMs: Math.round((sorted[(sorted.length - 1) >> 1] ?? 0) * 100) / 100,
  };
}
