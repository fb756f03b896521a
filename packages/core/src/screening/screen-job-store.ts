/** A screening to run later (a long video), whose result is sent to the platform's callback URL. */
export const SCREEN_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const CALLBACK_STATUSES = ['pending', 'delivered', 'failed'] as const;

export interface ScreenJob {
  /** `job_` + random. */
  readonly id: string;
  readonly orgId: number;
  readonly status: (typeof SCREEN_JOB_STATUSES)[number];
  readonly callbackUrl: string;
  readonly contentId: string | null;
  readonly url: string | null;
  /** The screening result (JSON) once done. */
  readonly result: Readonly<Record<string, unknown>> | null;
  /** `{ code, message }` when failed. */
  readonly error: Readonly<{ code: string; message: string }> | null;
  readonly callbackStatus: (typeof CALLBACK_STATUSES)[number];
  readonly callbackAttempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Durable queue of asynchronous screenings. Contract: `claimNext` hands a queued job to exactly one
 * caller (it becomes `running` in the same statement); `requeueRunning` is called at start-up, so a
 * job that was running when a process died runs again rather than being lost.
 */
export interface ScreenJobStore {
  enqueue(
    job: Pick<ScreenJob, 'id' | 'orgId' | 'callbackUrl' | 'contentId' | 'url' | 'createdAt'>,
  ): Promise<void>;
  claimNext(at: string): Promise<ScreenJob | null>;
  finish(
    id: string,
    outcome: { result: Record<string, unknown> } | { error: { code: string; message: string } },
    at: string,
  ): Promise<void>;
  recordCallback(id: string, status: ScreenJob['callbackStatus'], at: string): Promise<void>;
  getJob(id: string): Promise<ScreenJob | null>;
  requeueRunning(at: string): Promise<number>;
}
