import { z } from '@hono/zod-openapi';

export const ZJob = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    contentId: z.string().nullable(),
    url: z.string().nullable(),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'a ScreenResult once done' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    callback: z.object({
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number().int(),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ScreenJob');
