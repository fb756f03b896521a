import { z } from '@hono/zod-openapi';

export const ZOwnOrg = z
  .object({
    name: z.string(),
    kind: z.string(),
    jurisdiction: z.string(),
    takedownHours: z.number(),
    subscriptions: z.array(z.string()),
    requiredBanks: z.array(z.string()).openapi({
      description: 'banks the jurisdiction requires: always screened against, whatever it picks',
    }),
    domains: z.array(z.string()),
  })
  .openapi('OwnOrg');
