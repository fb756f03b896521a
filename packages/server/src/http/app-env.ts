import type { Principal } from '@haechi/core';

/** What middleware puts on each request's context. */
export interface AppEnv {
  Variables: {
    /** Staff or a platform key; unset on public routes and for a victim's case session. */
    principal: Principal;
    /** The case a victim's session (hv_…) opens, on case routes. */
    victimCaseId: number | undefined;
    requestId: string;
  };
}
