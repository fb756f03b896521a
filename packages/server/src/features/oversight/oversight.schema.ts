import { z } from '@hono/zod-openapi';
import { AppError } from '@haechi/core';

export const ZRange = z.object({
  from: z.string().datetime().openapi({ example: '2026-11-01T00:00:00Z' }),
  to: z.string().datetime().openapi({ example: '2026-12-01T00:00:00Z' }),
});

export const nullableNumber = z.number().nullable();

export const ZBucket = z.object({
  fromHours: z.number(),
  toHours: nullableNumber,
  count: z.number().int(),
});

/** Longest range one request may ask for (the series has a point per week beyond 92 days). */
export const MAX_RANGE_DAYS = 3660;

export const DAY_MS = 86_400_000;

/**
 * The range asked for, widened to whole UTC days: a range of a millisecond would isolate one
 * notice's times, and aggregates are only that while they cover whole days.
 */
export function range(q: { from: string; to: string }): { from: string; to: string } {
  const from = new Date(Math.floor(Date.parse(q.from) / DAY_MS) * DAY_MS).toISOString();
  const to = new Date(Math.ceil(Date.parse(q.to) / DAY_MS) * DAY_MS).toISOString();
  if (from >= to) throw new AppError('invalid_input', 'from must be before to');
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000)
    throw new AppError('invalid_input', `the range is over ${MAX_RANGE_DAYS} days`);
  return { from, to };
}
