import { z } from '@hono/zod-openapi';
import { ROLES, type User } from '@haechi/core';

export const ZUser = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('AdminUser');

export const publicUser = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
});
