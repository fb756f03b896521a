import type { CaseStore } from '@haechi/core';
import { FaceIndex } from '@haechi/detection';
import type { Logger } from '../../logging/logger.js';
import type { Sealer } from '../sealing/sealer.js';

/**
 * The faces victims enrolled, unsealed into memory for screening to search: rebuilt when a case of
 * this process changes, and at most `refreshMs` after one changes in another process.
 */
export class EnrolledFaces {
  private cached: { index: FaceIndex; at: number } | null = null;
  private loading: Promise<FaceIndex> | null = null;

  constructor(
    private readonly deps: {
      readonly cases: CaseStore;
      readonly sealer: Sealer;
      readonly dimension: number;
      readonly refreshMs: number;
      readonly logger: Logger;
    },
  ) {}

  invalidate(): void {
    this.cached = null;
  }

  async index(): Promise<FaceIndex> {
    const now = performance.now();
    if (this.cached && now - this.cached.at < this.deps.refreshMs) return this.cached.index;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<FaceIndex> {
    const started = performance.now();
    const index = new FaceIndex(this.deps.dimension);
    for (const { caseId, faceEmbeddingSealed } of await this.deps.cases.listFaceEmbeddings()) {
      try {
        const value = JSON.parse(this.deps.sealer.open(faceEmbeddingSealed)) as
          number[] | number[][];
        const vectors = Array.isArray(value[0]) ? (value as number[][]) : [value as number[]];
        for (const vector of vectors) index.add(caseId, vector);
      } catch (error) {
        // Never the vector, never who: only which case could not be enrolled, and why.
        this.deps.logger.warn({
          msg: 'enrolled face skipped',
          case: caseId,
          reason: (error as Error).message,
        });
      }
    }
    this.cached = { index, at: started };
    return index;
  }
}
