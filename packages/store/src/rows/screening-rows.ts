import type { ScreeningRecord } from '@haechi/core';

/** A row of the screening store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toRecord = (r: Row): ScreeningRecord => ({
  id: r['id'] as string,
  orgId: r['org_id'] as number,
  contentId: (r['content_id'] as string | null) ?? null,
  url: (r['url'] as string | null) ?? null,
  verdict: r['verdict'] as ScreeningRecord['verdict'],
  mediaKind: r['media_kind'] as ScreeningRecord['mediaKind'],
  status: r['status'] as ScreeningRecord['status'],
  evidence: JSON.parse(r['evidence'] as string) as Record<string, unknown>,
  createdAt: r['created_at'] as string,
});
