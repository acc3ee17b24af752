/**
 * "Did you mean" hints: the one edit-distance helper used by every stage.
 */

/**
 * Damerau-Levenshtein (optimal string alignment) distance between `a` and `b`:
 * insertions, deletions, substitutions and adjacent transpositions each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  const rows: number[][] = [];
  for (let i = 0; i <= n; i++) rows.push(new Array<number>(m + 1).fill(0));
  const at = (i: number, j: number): number => rows[i]![j]!;
  for (let i = 0; i <= n; i++) rows[i]![0] = i;
  for (let j = 0; j <= m; j++) rows[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, at(i - 2, j - 2) + 1);
      }
      rows[i]![j] = d;
    }
  }
  return at(n, m);
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo:
 * distance ≤ max(1, ⌊len/3⌋) (case-insensitive match counts as distance 0.5).
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    // the distance is at least the difference in length: too far to be the answer
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(name, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/**
 * A hint for an unknown `name`: "did you mean `x`?" when a candidate is close, otherwise
 * "valid names are `a`, `b`, …" when the list is short (≤ `listUpTo`), otherwise undefined.
 */
export function didYouMean(
  name: string,
  candidates: readonly string[],
  listUpTo = 12,
): string | undefined {
  const c = closest(name, candidates);
  if (c !== undefined) return `did you mean \`${c}\`?`;
  const set = new Set<string>();
  for (const x of candidates) if (set.add(x).size > listUpTo) return undefined;
  const uniq = [...set].sort();
  if (uniq.length > 0) {
    return `valid names are ${uniq.map((u) => `\`${u}\``).join(", ")}.`;
  }
  return undefined;
}
