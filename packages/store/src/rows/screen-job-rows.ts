import type { ScreenJob } from '@haechi/core';

/** A row of the screen-job store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

const parse = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null);

export const toJob = (r: Row): ScreenJob => ({
  id: r['id'] as string,
  orgId: r['org_id'] as number,
  status: r['status'] as ScreenJob['status'],
  callbackUrl: r['callback_url'] as string,
  contentId: (r['content_id'] as string | null) ?? null,
  url: (r['url'] as string | null) ?? null,
  result: parse(r['result']) as Record<string, unknown> | null,
  error: parse(r['error']) as { code: string; message: string } | null,
  callbackStatus: r['callback_status'] as ScreenJob['callbackStatus'],
  callbackAttempts: r['callback_attempts'] as number,
  createdAt: r['created_at'] as string,
  updatedAt: r['updated_at'] as string,
});
