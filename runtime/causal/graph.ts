/** Comparing a learned adjacency with a known causal graph. */

/** The pendulum's true graph (Yang et al. 2021, Fig. 4): both angles cause both shadow concepts. */
export const PENDULUM_TRUE_EDGES: readonly (readonly [string, string])[] = [
  ["pendulum_angle", "shadow_length"],
  ["pendulum_angle", "shadow_position"],
  ["light_angle", "shadow_length"],
  ["light_angle", "shadow_position"],
];

/** Edges i → j of a weighted adjacency A [n][n] with |A_ij| > threshold (i ≠ j). */
export function thresholdEdges(
  a: readonly (readonly number[])[],
  concepts: readonly string[],
  threshold: number,
): [string, string][] {
  const out: [string, string][] = [];
  a.forEach((row, i) =>
    row.forEach((v, j) => {
      if (i !== j && Math.abs(v) > threshold) out.push([concepts[i]!, concepts[j]!]);
    }),
  );
  return out;
}

/**
 * Structural Hamming distance between two directed edge sets over the same nodes: the number of
 * node pairs whose edge differs (missing, extra, or reversed — a reversal counts once).
 */
export function structuralHammingDistance(
  est: readonly (readonly [string, string])[],
  truth: readonly (readonly [string, string])[],
): number {
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const pairs = new Map<string, { est?: string; truth?: string }>();
  for (const [a, b] of est)
    pairs.set(key(a, b), {
      ...pairs.get(key(a, b)),
      est: `${pairs.get(key(a, b))?.est ?? ""}${a}>${b};`,
    });
  for (const [a, b] of truth)
    pairs.set(key(a, b), {
      ...pairs.get(key(a, b)),
      truth: `${pairs.get(key(a, b))?.truth ?? ""}${a}>${b};`,
    });
  let d = 0;
  for (const p of pairs.values()) if (p.est !== p.truth) d++;
  return d;
}
