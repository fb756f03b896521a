import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@haechi/core';
import type { Sealer } from '../../services/sealing/sealer.js';

/** How long a victim stays signed in to her case. */
export const VICTIM_TOKEN_HOURS = 2;

/**
 * A victim's token for one case: `hv_<caseId>.<expiry (unix s)>.<MAC>`. Stateless (no account, no
 * row), signed with a key derived from the master key; withdrawal is checked on every use.
 */
export function issueVictimToken(
  sealer: Sealer,
  caseId: number,
  now: Date,
): { token: string; expiresAt: string } {
  const expires = Math.floor(now.getTime() / 1000) + VICTIM_TOKEN_HOURS * 3600;
  const body = `${caseId}.${expires}`;
  return {
    token: `hv_${body}.${sealer.mac(body)}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/** The case a victim token opens; AppError `unauthenticated` for a forged or expired one. */
export function readVictimToken(sealer: Sealer, token: string, now: Date): number {
  const match = /^hv_(\d{1,12})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  const fail = () =>
    new AppError(
      'unauthenticated',
      'the case session is not valid; sign in with the case code again',
    );
  if (!match) throw fail();
  const [, id, expires, mac] = match as unknown as [string, string, string, string];
  const expected = sealer.mac(`${id}.${expires}`);
  if (expected.length !== mac.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(mac)))
    throw fail();
  if (Number(expires) * 1000 <= now.getTime()) throw fail();
  return Number(id);
}
