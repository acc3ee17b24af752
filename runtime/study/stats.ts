/**
 * Summary statistics of a study: per configuration and metric over seeds (median, quartiles,
 * mean ± 95 % confidence interval), and rank correlations between metrics across runs.
 */
import jstat from "jstat";

// jstat is CommonJS: its default export is the jStat object.
const { jStat } = jstat;

/** What the study report gives for one configuration × metric (over its finished seeds). */
export interface Summary {
  /** Number of values (finished seeds that reported the metric). */
  readonly n: number;
  readonly median: number;
  /** First and third quartiles (linear interpolation, numpy's default "type 7"). */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator); null for n < 2. */
  readonly std: number | null;
  /**
   * 95 % confidence interval of the mean, mean ± t(0.975, n − 1) · std / √n (Student t);
   * null for n < 2.
   */
  readonly ci95: readonly [number, number] | null;
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, numpy.quantile's default).
 * @throws RangeError on an empty array.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of no values");
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Median, quartiles, range, mean, sample std and the Student-t 95 % CI of `values`.
 * @throws RangeError on an empty array or a non-finite value.
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summary of no values");
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError("non-finite value");
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  let std: number | null = null;
  let ci95: [number, number] | null = null;
  if (n >= 2) {
    std = Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const half = jStat.studentt.inv(0.975, n - 1) * (std / Math.sqrt(n));
    ci95 = [mean - half, mean + half];
  }
  return {
    n,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    std,
    ci95,
  };
}

/** Ranks 1..n with ties given their average rank (as scipy.stats.rankdata "average"). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}

/**
 * Spearman's rank correlation of paired values (Pearson's r of the average ranks, as
 * scipy.stats.spearmanr); null when fewer than 3 pairs or either side is constant.
 * @throws RangeError when the arrays differ in length.
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError("spearman: arrays differ in length");
  if (a.length < 3) return null;
  return pearson(averageRanks(a), averageRanks(b));
}
