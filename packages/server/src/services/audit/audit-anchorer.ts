import type { AuditAnchor, AuditStore } from '@haechi/core';
import { anchorAuditHead, readAnchors, type EvidenceSigningKey } from '@haechi/evidence';
import type { Logger } from '../../logging/logger.js';

export interface AuditAnchorerDeps {
  readonly audit: AuditStore;
  /** The instance's Ed25519 key (a file, never in the database). */
  readonly key: EvidenceSigningKey;
  /** Where the signed heads go: outside the store (HAECHI_AUDIT_ANCHORS_FILE). */
  readonly file: string;
  readonly intervalMs: number;
  readonly now: () => Date;
  readonly logger: Logger;
}

/**
 * Signs the audit chain's head into the anchors file when the server starts, every interval while
 * the head moves, and when it stops: whoever can write the database cannot then cut the log's tail
 * or recompute its chain without `haechi audit verify` seeing it.
 */
export class AuditAnchorer {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: Pick<AuditAnchor, 'seq'> | null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AuditAnchorerDeps) {
    this.last = readAnchors(deps.file)?.at(-1) ?? null;
  }

  async start(): Promise<void> {
    await this.anchor();
    this.timer = setInterval(() => void this.anchor(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.anchor();
  }

  /** Anchors the head now, unless it is anchored already; a store outage is logged, not thrown. */
  anchor(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        const written = await anchorAuditHead(
          this.deps.audit,
          this.deps.key,
          this.deps.file,
          this.deps.now().toISOString(),
          this.last,
        );
        if (written) this.last = written;
      } catch (err) {
        this.deps.logger.warn({ msg: 'could not anchor the audit head; will try again', err });
      }
    });
    return this.writing;
  }
}
