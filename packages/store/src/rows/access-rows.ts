import {
  JURISDICTIONS,
  ORG_KINDS,
  ROLES,
  type ApiKey,
  type Org,
  type Session,
  type User,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the access store's tables as its record: one mapping for both backends. */
export const toOrg = (row: Row): Org => {
  const r = readRow('orgs', row);
  return {
    id: r.int('id'),
    name: r.text('name'),
    kind: r.oneOf('kind', ORG_KINDS),
    jurisdiction: r.oneOf('jurisdiction', JURISDICTIONS),
    subscriptions: r.strings('subscriptions'),
    policy: r.json('policy'),
    createdAt: r.text('created_at'),
  };
};

export const toUser = (row: Row): User => {
  const r = readRow('users', row);
  return {
    id: r.int('id'),
    orgId: r.int('org_id'),
    email: r.text('email'),
    displayName: r.text('display_name'),
    role: r.oneOf('role', ROLES),
    passwordHash: r.text('password_hash'),
    createdAt: r.text('created_at'),
    disabledAt: r.textOrNull('disabled_at'),
  };
};

export const toKey = (row: Row): ApiKey => {
  const r = readRow('api_keys', row);
  return {
    id: r.int('id'),
    orgId: r.int('org_id'),
    prefix: r.text('prefix'),
    secretHash: r.text('secret_hash'),
    label: r.text('label'),
    createdBy: r.text('created_by'),
    createdAt: r.text('created_at'),
    revokedAt: r.textOrNull('revoked_at'),
  };
};

export const toSession = (row: Row): Session => {
  const r = readRow('sessions', row);
  return {
    tokenHash: r.text('token_hash'),
    userId: r.int('user_id'),
    createdAt: r.text('created_at'),
    expiresAt: r.text('expires_at'),
    revokedAt: r.textOrNull('revoked_at'),
  };
};
