import type { AccessStore, Role } from '@haechi/core';

/** Who did something, by kind only: histories never name a person. */
export type ActorKind = 'victim' | 'system' | 'platform' | Role | 'unknown';

/**
 * Reads stored actors (`victim`, `system`, `key:<id>`, `user:<id>`, `job:…`) as kinds: a platform's
 * key is `platform`, a person is their role. One reader per history, so each person is looked up
 * once.
 */
export function actorKindReader(access: AccessStore): (actor: string) => Promise<ActorKind> {
  const roles = new Map<string, ActorKind>();
  return async (actor) => {
    if (actor === 'victim' || actor === 'system' || actor.startsWith('job:'))
      return actor === 'victim' ? 'victim' : 'system';
    if (actor.startsWith('key:')) return 'platform';
    const userId = /^user:(\d+)$/.exec(actor)?.[1];
    if (!userId) return 'unknown';
    if (!roles.has(actor))
      roles.set(actor, (await access.getUser(Number(userId)))?.role ?? 'unknown');
    return roles.get(actor) as ActorKind;
  };
}
