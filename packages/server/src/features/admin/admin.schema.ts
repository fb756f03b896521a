import { z } from '@hono/zod-openapi';
import { AppError, type AccessStore, type Org } from '@haechi/core';

/** The `{id}` of an organisation in an admin path. */
export const ZOrgId = z.object({ id: z.coerce.number().int().positive() });

/** Every admin route is for an administrator, with a bearer token. */
export const adminSecurity = [{ bearer: [] }];

/** The organisation an admin path names, or 404. */
export async function requireOrgById(access: AccessStore, id: number): Promise<Org> {
  const org = await access.getOrg(id);
  if (!org) throw new AppError('org_not_found', `no organisation with id ${id}`);
  return org;
}
