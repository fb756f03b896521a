const NO_SLOT = -1;

/**
 * Checks the slot bookkeeping both indexes share, for a state read back from a snapshot: every
 * live slot is its id's, the live count is right, and no other id claims a slot. Returns why not,
 * or null.
 */
export function slotsProblem(
  state: {
    readonly size: number;
    readonly liveCount: number;
    readonly ids: Uint32Array;
    readonly alive: Uint8Array;
    readonly slotOfId: Int32Array;
  },
  what: string,
): string | null {
  const { size, liveCount, ids, alive, slotOfId } = state;
  if (!Number.isSafeInteger(size) || size < 0) return `size ${size}`;
  if (ids.length < size || alive.length < size) return `arrays shorter than its ${size} ${what}`;
  let live = 0;
  for (let slot = 0; slot < size; slot++) {
    if (alive[slot] === 0) continue;
    live++;
    const id = ids[slot];
    if (id >= slotOfId.length || slotOfId[id] !== slot) return `slot ${slot} is not its id's`;
  }
  if (live !== liveCount) return `${live} live ${what} where it says ${liveCount}`;
  let claimed = 0;
  for (let id = 0; id < slotOfId.length; id++) if (slotOfId[id] !== NO_SLOT) claimed++;
  if (claimed !== liveCount) return `${claimed} ids claim a slot where ${liveCount} are live`;
  return null;
}
