import cluster from 'node:cluster';

/** Set by the cluster's primary on the one worker that writes the match index's snapshot. */
export const SNAPSHOT_WRITER_ENV = 'HAECHI_INDEX_SNAPSHOT_WRITER';

/**
 * Whether this process writes the snapshot: a lone server does; of a cluster's workers, only the
 * one the primary named (all would write the same file, each a full copy's worth of disk work).
 */
export const isSnapshotWriter = (): boolean =>
  !cluster.isWorker || process.env[SNAPSHOT_WRITER_ENV] === '1';
