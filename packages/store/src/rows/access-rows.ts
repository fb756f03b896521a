import type { ApiKey, Jurisdiction, Org, OrgKind, Role, User } from '@haechi/core';

/** A row of the access store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toOrg = (r: Row): Org => ({
  id: r['id'] as number,
  name: r['name'] as string,
  kind: r['kind'] as OrgKind,
  jurisdiction: r['jurisdiction'] as Jurisdiction,
  subscriptions: JSON.parse(r['subscriptions'] as string) as string[],
  policy: JSON.parse(r['policy'] as string) as unknown,
  createdAt: r['created_at'] as string,
});

export const toUser = (r: Row): User => ({
  id: r['id'] as number,
  orgId: r['org_id'] as number,
  email: r['email'] as string,
  displayName: r['display_name'] as string,
  role: r['role'] as Role,
  passwordHash: r['password_hash'] as string,
  createdAt: r['created_at'] as string,
  disabledAt: (r['disabled_at'] as string | null) ?? null,
});

export const toKey = (r: Row): ApiKey => ({
  id: r['id'] as number,
  orgId: r['org_id'] as number,
  prefix: r['prefix'] as string,
  secretHash: r['secret_hash'] as string,
  label: r['label'] as string,
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as string,
  revokedAt: (r['revoked_at'] as string | null) ?? null,
});
