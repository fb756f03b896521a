import type { Principal } from '@haechi/core';

/** What middleware puts on each request's context. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    requestId: string;
  };
}
