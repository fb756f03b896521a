/** What a condition returns once it holds: anything truthy. */
type Held<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Waits until `condition` holds, asking again every `intervalMs`. It asserts nothing about how long
 * that takes: the ceiling only turns "it never happens" into a failure that says what never
 * happened, and it sits far above any machine's speed (tests must pass on a busy two-core machine).
 * Returns what the condition returned once it held.
 */
export async function waitUntil<T>(
  what: string,
  condition: () => T | Promise<T>,
  options: { intervalMs?: number; ceilingMs?: number } = {},
): Promise<Held<T>> {
  const { intervalMs = 20, ceilingMs = 50_000 } = options;
  const giveUpAt = Date.now() + ceilingMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Held<T>;
    if (Date.now() > giveUpAt) throw new Error(`still waiting, after ${ceilingMs} ms, for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
