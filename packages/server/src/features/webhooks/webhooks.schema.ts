import { z } from '@hono/zod-openapi';

export const ZWebhook = z
  .object({
    url: z.string().nullable(),
    hasSecret: z.boolean(),
    secret: z.string().optional().openapi({
      description:
        'The signing secret, created with the first URL when there was none: shown this once',
    }),
  })
  .openapi('Webhook');
