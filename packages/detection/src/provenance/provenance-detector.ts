import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import { readContainerMetadata } from './container-metadata.js';
import { provenanceFindings } from './provenance-findings.js';

/**
 * Synthetic-media evidence from a file's own metadata (C2PA, IPTC digital source type, generator
 * parameters). Scores are the weight of the strongest finding per label; `evidence` names it.
 * Video frames share their file's bytes, so the file is read once and its answer reused.
 */
export class ProvenanceDetector implements Detector {
  readonly name = 'provenance';
  readonly labels = ['ai_generated', 'ai_composited'] as const;
  private readonly seen = new WeakMap<Uint8Array, DetectorScore[]>();

  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    const bytes = input.bytes;
    if (!bytes) return [];
    const known = this.seen.get(bytes);
    if (known) return known;
    const best = new Map<string, { score: number; sources: string[] }>();
    for (const finding of provenanceFindings(readContainerMetadata(bytes))) {
      const entry = best.get(finding.label) ?? { score: 0, sources: [] };
      entry.sources.push(finding.source);
      entry.score = Math.max(entry.score, finding.score);
      best.set(finding.label, entry);
    }
    const scores = [...best].map(([label, { score, sources }]) => ({
      detector: this.name,
      label,
      score,
      evidence: sources.join('; '),
    }));
    this.seen.set(bytes, scores);
    return scores;
  }
}
