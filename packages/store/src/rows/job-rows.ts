import type { Job } from '@haechi/core';

/** A row of the job store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toJob = (r: Row): Job => ({
  id: r['id'] as number,
  kind: r['kind'] as string,
  runAt: r['run_at'] as string,
  payload: JSON.parse(r['payload'] as string) as Record<string, unknown>,
  status: r['status'] as Job['status'],
  attempts: r['attempts'] as number,
  lastError: (r['last_error'] as string | null) ?? null,
  dedupeKey: (r['dedupe_key'] as string | null) ?? null,
  lockedUntil: (r['locked_until'] as string | null) ?? null,
  createdAt: r['created_at'] as string,
  updatedAt: r['updated_at'] as string,
});
