import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarAtFar, wilsonInterval, type DetectorImage } from '@haechi/core';
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
  /**
   * With `calibrateOn`: the threshold at FAR 0.1 % on that other folder of identities, and what it
   * gives on this one, with Wilson 95 % intervals (a threshold is never judged on its own set).
   */
  readonly calibrated?: {
    readonly on: string;
    readonly threshold: number;
    readonly tar: number;
    readonly tarInterval: readonly [number, number];
    readonly far: number;
    readonly farInterval: readonly [number, number];
  };
}

type Embedder = Awaited<ReturnType<typeof FaceEmbedder.load>>;

/** Pair scores of a folder of identities; a photo without a face is left out of its pairs. */
async function scoreFolder(embedder: Embedder, root: string) {
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
  return { people: people.length, photos, noFace, same, different, times };
}

/** Every photo of a folder of identities (one subfolder per person), each pair compared. */
export async function evaluateFaces(
  root: string,
  options: { calibrateOn?: string } = {},
): Promise<FaceEvaluation> {
  const embedder = await FaceEmbedder.load();
  const { people, photos, noFace, same, different, times } = await scoreFolder(embedder, root);
  const accepted = (list: number[], threshold: number) => list.filter((s) => s >= threshold).length;
  const rate = (list: number[]) =>
    list.length === 0 ? 0 : accepted(list, FACE_MATCH_THRESHOLD) / list.length;
  const sorted = [...times].sort((a, b) => a - b);
  let calibrated: FaceEvaluation['calibrated'];
  if (options.calibrateOn) {
    const other = await scoreFolder(embedder, options.calibrateOn);
    const { threshold } = tarAtFar(other.same, other.different, 0.001);
    const tar = wilsonInterval(accepted(same, threshold), same.length);
    const far = wilsonInterval(accepted(different, threshold), different.length);
    calibrated = {
      on: options.calibrateOn,
      threshold,
      tar: same.length === 0 ? 0 : accepted(same, threshold) / same.length,
      tarInterval: [tar.low, tar.high],
      far: different.length === 0 ? 0 : accepted(different, threshold) / different.length,
      farInterval: [far.low, far.high],
    };
  }
  return {
    people,
    photos,
    noFace,
    samePersonPairs: same.length,
    differentPeoplePairs: different.length,
    atThreshold: { threshold: FACE_MATCH_THRESHOLD, tar: rate(same), far: rate(different) },
    tarAtFar1: tarAtFar(same, different, 0.01),
    tarAtFar01: tarAtFar(same, different, 0.001),
    medianMs: Math.round((sorted[(sorted.length - 1) >> 1] ?? 0) * 100) / 100,
    ...(calibrated ? { calibrated } : {}),
  };
}
