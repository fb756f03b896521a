import { z } from '@hono/zod-openapi';
import { MONITOR_KINDS } from '@haechi/core';

export const ZMonitor = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(MONITOR_KINDS),
    status: z.enum(['active', 'paused']),
    intervalSeconds: z.number().int(),
    respectRobots: z.boolean(),
    lastRunAt: z.string().nullable(),
    lastRun: z.record(z.string(), z.number()).nullable(),
    lastError: z.string().nullable(),
    failures: z.number().int(),
    totals: z.object({
      runs: z.number().int(),
      itemsSeen: z.number().int(),
      matches: z.number().int(),
      errors: z.number().int(),
    }),
    detections: z.number().int(),
    hoursFromPublicationToDetection: z.object({
      p50: z.number().nullable(),
      max: z.number().nullable(),
    }),
  })
  .openapi('Monitor');

export const ZMonitorId = z.object({ id: z.coerce.number().int().positive() });

export const ZHttpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'an http(s) URL');
