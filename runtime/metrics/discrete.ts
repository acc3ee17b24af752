/**
 * Discretisation and discrete information measures shared by MIG and modularity.
 * Source: disentanglement_lib evaluation/metrics/utils.py (`_histogram_discretize`,
 * `discrete_mutual_info`, `discrete_entropy`) and sklearn.metrics.mutual_info_score.
 */
import type { Codes, Factors } from "./types.js";
import { checkCodes } from "./types.js";

/**
 * Histogram discretiser with `np.digitize(x, np.histogram(x, bins)[1][:-1])` semantics:
 * `bins` equal-width bins over x's own [min, max]; labels run 1..bins (the maximum falls in
 * bin `bins`). A constant x uses numpy's range [x − 0.5, x + 0.5], so all its points share
 * one label (11 for 20 bins). Edges are computed in float64 (numpy uses the input's dtype).
 * @param x values [n]
 * @returns int32 labels [n]
 * @throws RangeError when bins < 1 or x contains a non-finite value.
 */
export function histogramDiscretize(x: ArrayLike<number>, bins = 20): Int32Array {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`histogramDiscretize: bins must be a positive integer, got ${bins}.`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v))
      throw new RangeError(`histogramDiscretize: value ${v} at index ${i} is not finite.`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // np.linspace(lo, hi, bins + 1): edge_i = lo + i * step; digitize against the left edges.
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins);
  for (let i = 0; i < bins; i++) edges[i] = lo + i * step;
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    // number of left edges <= v (np.digitize, right=False, increasing bins)
    let a = 0;
    let b = bins;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((edges[m] as number) <= v) a = m + 1;
      else b = m;
    }
    out[i] = a;
  }
  return out;
}

/** Discretises every code column of `codes` [n, dim]; returns int32 [dim, n] (one row per code). */
export function discretizeCodes(codes: Codes, bins = 20): Int32Array[] {
  checkCodes(codes, "discretizeCodes");
  const rows: Int32Array[] = [];
  const col = new Float64Array(codes.n);
  for (let d = 0; d < codes.dim; d++) {
    for (let i = 0; i < codes.n; i++) col[i] = codes.data[i * codes.dim + d] as number;
    rows.push(histogramDiscretize(col, bins));
  }
  return rows;
}

/** Maps arbitrary integer labels to 0..c-1; returns the dense labels and the class count c. */
function denseLabels(y: ArrayLike<number>): { labels: Int32Array; count: number } {
  const map = new Map<number, number>();
  const labels = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    let c = map.get(v);
    if (c === undefined) {
      c = map.size;
      map.set(v, c);
    }
    labels[i] = c;
  }
  return { labels, count: map.size };
}

/**
 * Discrete mutual information I(a; b) in nats from the contingency table, exactly as
 * sklearn.metrics.mutual_info_score: 0 when either side has one class; terms below machine
 * epsilon dropped; the total clipped at 0.
 * @param a labels [n]; @param b labels [n]
 * @throws RangeError when the lengths differ or n = 0.
 */
export function mutualInfo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new RangeError(`mutualInfo: label arrays differ in length (${a.length} vs ${b.length}).`);
  const n = a.length;
  if (n === 0) throw new RangeError("mutualInfo: empty label arrays.");
  const A = denseLabels(a);
  const B = denseLabels(b);
  if (A.count === 1 || B.count === 1) return 0;
  const table = new Float64Array(A.count * B.count);
  const pa = new Float64Array(A.count);
  const pb = new Float64Array(B.count);
  for (let i = 0; i < n; i++) {
    const x = A.labels[i] as number;
    const y = B.labels[i] as number;
    table[x * B.count + y]! += 1;
    pa[x]! += 1;
    pb[y]! += 1;
  }
  const logN = Math.log(n);
  let mi = 0;
  for (let x = 0; x < A.count; x++) {
    for (let y = 0; y < B.count; y++) {
      const nij = table[x * B.count + y] as number;
      if (nij === 0) continue;
      const term =
        (nij / n) *
        (Math.log(nij) - logN - Math.log((pa[x] as number) * (pb[y] as number)) + 2 * logN);
      if (Math.abs(term) >= Number.EPSILON) mi += term;
    }
  }
  return Math.max(0, mi);
}

/** Discrete entropy H(y) = I(y; y) in nats (disentanglement_lib `discrete_entropy`). */
export function discreteEntropy(y: ArrayLike<number>): number {
  return mutualInfo(y, y);
}

/**
 * The MI matrix m[i, j] = I(discretised code i; factor j) in nats, float64 [dim, k] row-major,
 * over the factor columns listed in `factorIndices` (default all k).
 */
export function mutualInfoMatrix(
  discretized: Int32Array[],
  factors: Factors,
  factorIndices?: readonly number[],
): Float64Array {
  const fs = factorIndices ?? Array.from({ length: factors.k }, (_, j) => j);
  const m = new Float64Array(discretized.length * fs.length);
  const col = new Int32Array(factors.n);
  fs.forEach((j, jj) => {
    if (!Number.isInteger(j) || j < 0 || j >= factors.k)
      throw new RangeError(`mutualInfoMatrix: factor index ${j} outside [0, ${factors.k}).`);
    for (let i = 0; i < factors.n; i++) col[i] = factors.data[i * factors.k + j] as number;
    discretized.forEach((codeLabels, d) => {
      if (codeLabels.length !== factors.n)
        throw new RangeError(
          `mutualInfoMatrix: code ${d} has ${codeLabels.length} labels, factors have ${factors.n} rows.`,
        );
      m[d * fs.length + jj] = mutualInfo(codeLabels, col);
    });
  });
  return m;
}
