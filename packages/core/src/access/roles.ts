/**
 * Who may do what (ARCHITECTURE.md, "Actors"). Persisted data: role and kind names are stored with
 * users and organisations, so they are never renamed.
 */
export const ROLES = [
  'admin',
  'platform',
  'counsellor',
  'reviewer',
  'investigator',
  'analyst',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = [
  'operator',
  'platform',
  'support_center',
  'regulator',
  'police',
  'government',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The roles a member of each kind of organisation can hold. */
export const ROLES_OF_KIND: Readonly<Record<OrgKind, readonly Role[]>> = {
  operator: ['admin'],
  platform: ['platform'],
  support_center: ['counsellor'],
  regulator: ['reviewer', 'admin'],
  police: ['investigator'],
  government: ['analyst'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isOrgKind(value: unknown): value is OrgKind {
  return typeof value === 'string' && (ORG_KINDS as readonly string[]).includes(value);
}

/** Who made a request: a platform's API key or a signed-in person. */
export interface Principal {
  readonly kind: 'api_key' | 'user';
  readonly orgId: number;
  readonly role: Role;
  /** `key:<prefix>` or `user:<id>`: what the audit trail records (never an email). */
  readonly actor: string;
  readonly userId?: number;
  readonly keyId?: number;
}
