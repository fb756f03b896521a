import { logout } from '@haechi/access';
import { AppError, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';

const route = accessRoute(
  { callers: SIGNED_IN, tenant: 'none' },
  {
    method: 'post',
    path: '/v1/auth/logout',
    tags: ['auth'],
    summary: 'End this session',
    description: 'Roles: any person (API keys are revoked instead).',
    security: [{ bearer: [] }],
    responses: { 204: { description: 'signed out' }, ...errorResponses(400, 401, 403) },
  },
);

export const signOut = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    // An API key has no session to end: saying 204 would tell its holder it was switched off.
    if (!token.startsWith('hs_'))
      throw new AppError(
        'invalid_input',
        'this is an API key, not a session: revoke it instead (DELETE /v1/keys/{id})',
      );
    await logout(access, token, now());
    return c.body(null, 204);
  });
