import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  classifierMetrics,
  type ClassifierMetrics,
  type Detector,
  type DetectorImage,
} from '@haechi/core';
import { decodeImage } from '@haechi/media';

export interface LabelledImage {
  readonly path: string;
  readonly positive: boolean;
}

export interface DetectorEvaluation {
  readonly score: string;
  readonly metrics: ClassifierMetrics;
  /** Median time of the detector on one image (ms). */
  readonly medianMs: number;
}

/**
 * Reads a labels file: CSV `path,positive` with a header, paths relative to the file, `positive`
 * 1/0 (or true/false). Every bad line is named.
 */
export async function readLabels(file: string): Promise<LabelledImage[]> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase();
  if (header !== 'path,positive')
    throw new Error(
      `${file}: the first line must be the header "path,positive", not "${lines[0] ?? ''}"`,
    );
  const images: LabelledImage[] = [];
  const problems: string[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const comma = line.lastIndexOf(',');
    const path = line.slice(0, comma).trim();
    const value = line
      .slice(comma + 1)
      .trim()
      .toLowerCase();
    if (comma <= 0 || path === '' || !['0', '1', 'true', 'false'].includes(value))
      problems.push(`line ${i + 2}: expected "path,1" or "path,0"`);
    else
      images.push({
        path: resolve(dirname(file), path),
        positive: value === '1' || value === 'true',
      });
  });
  if (problems.length > 0) throw new Error(`${file}: ${problems.slice(0, 20).join('; ')}`);
  if (images.length === 0) throw new Error(`${file}: no labelled images`);
  return images;
}

/** Runs every detector on every image and scores each detector:label against the labels. */
export async function evaluateDetectors(
  images: readonly LabelledImage[],
  detectors: readonly Detector[],
  options: { threshold: number; scores?: readonly string[] | undefined },
): Promise<{ evaluations: DetectorEvaluation[]; skipped: Array<{ path: string; error: string }> }> {
  const perScore = new Map<string, Array<{ score: number; positive: boolean }>>();
  const times = new Map<string, number[]>();
  const skipped: Array<{ path: string; error: string }> = [];
  const wanted = (key: string) => !options.scores || options.scores.includes(key);
  const rows: Array<{ positive: boolean; scores: Map<string, number> }> = [];
  for (const item of images) {
    let bytes: Uint8Array;
    let image: DetectorImage;
    try {
      bytes = new Uint8Array(await readFile(item.path));
      image = (await decodeImage(bytes)) as DetectorImage;
    } catch (error) {
      skipped.push({ path: item.path, error: (error as Error).message });
      continue;
    }
    const scores = new Map<string, number>();
    for (const detector of detectors) {
      const start = performance.now();
      const result = await detector.detect({ image, bytes, mediaType: 'image' });
      times.set(detector.name, [...(times.get(detector.name) ?? []), performance.now() - start]);
      for (const s of result) {
        const key = `${s.detector}:${s.label}`;
        scores.set(key, Math.max(scores.get(key) ?? 0, s.score));
      }
    }
    rows.push({ positive: item.positive, scores });
  }
  // A label a detector did not return for an image scored 0 there (no evidence).
  for (const detector of detectors)
    for (const label of detector.labels) {
      const key = `${detector.name}:${label}`;
      if (wanted(key))
        perScore.set(
          key,
          rows.map((r) => ({ score: r.scores.get(key) ?? 0, positive: r.positive })),
        );
    }
  const medianOf = (values: number[]) =>
    [...values].sort((a, b) => a - b)[(values.length - 1) >> 1] ?? 0;
  const evaluations = [...perScore].map(([score, examples]) => ({
    score,
    metrics: classifierMetrics(examples, options.threshold),
    medianMs: Math.round(medianOf(times.get(score.split(':')[0]) ?? []) * 100) / 100,
  }));
  return { evaluations, skipped };
}
