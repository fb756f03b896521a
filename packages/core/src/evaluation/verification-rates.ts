/**
 * Face verification quality: the true-accept rate at the lowest threshold whose false-accept rate
 * (share of different-person pairs at or above it) is at most `far`.
 */
export function tarAtFar(
  samePerson: readonly number[],
  differentPeople: readonly number[],
  far: number,
): { threshold: number; tar: number; far: number } {
  const impostors = [...differentPeople].sort((a, b) => b - a);
  // Accepting the k highest impostor scores gives FAR k/n; find the largest k allowed.
  const allowed = Math.floor(far * impostors.length + 1e-9);
  const threshold =
    impostors.length === 0
      ? Number.NEGATIVE_INFINITY
      : allowed >= impostors.length
        ? Number.NEGATIVE_INFINITY
        : nextAbove(impostors[allowed]);
  const accepted = (s: number) => s >= threshold;
  return {
    threshold,
    tar: samePerson.length === 0 ? 0 : samePerson.filter(accepted).length / samePerson.length,
    far: impostors.length === 0 ? 0 : impostors.filter(accepted).length / impostors.length,
  };
}

/** The smallest double above x: a threshold that rejects x itself. */
function nextAbove(x: number): number {
  return x + Math.max(Number.EPSILON, Math.abs(x) * Number.EPSILON);
}
