import type { Verdict } from '@haechi/core';

/**
 * What a monitor needs of screening: the verdict on media it found, for the organisation it runs
 * for. Monitors declare it; the screening feature implements it.
 */
export interface MonitorScreening {
  screenFound(
    orgId: number,
    url: string,
    bytes: Uint8Array,
  ): Promise<{
    readonly id: string | null;
    readonly verdict: Verdict;
    readonly hashes: { readonly pdq?: string };
  }>;
}

/**
 * What a monitor needs of notices: one sent to the platform hosting a URL it found, or null when
 * no platform does (the finding then waits for a counsellor). The notices feature implements it.
 */
export interface MonitorNotices {
  noticeUrl(input: {
    url: string;
    screeningId?: string;
    actor: string;
  }): Promise<{ readonly id: number } | null>;
}
