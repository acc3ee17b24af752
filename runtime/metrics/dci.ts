/**
 * DCI: disentanglement, completeness, informativeness (Eastwood & Williams 2018, "A Framework for
 * the Quantitative Evaluation of Disentangled Representations", §2), disentanglement_lib `dci.py`
 * with gradient-boosted-tree importances (see gbt.ts for how the booster differs from sklearn).
 */
import { fitGbt, predictGbt } from "./gbt.js";
import type { Codes, Factors } from "./types.js";
import { checkPaired, column } from "./types.js";

/** scipy.stats.entropy(p + 1e-11, base): p is normalised to sum 1 first; result in units of `base`. */
function entropyBase(p: number[], base: number): number {
  const q = p.map((v) => v + 1e-11);
  const s = q.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const v of q) {
    const r = v / s;
    if (r > 0) h -= r * Math.log(r);
  }
  return h / Math.log(base);
}

/**
 * DCI disentanglement from an importance matrix R [D, K] (row-major, non-negative):
 * Σ_i ρ_i (1 − H_K(R[i,:]/Σ_j R[i,j])), ρ_i = Σ_j R[i,j] / Σ R (uniform when R is all zero).
 * With K = 1 the entropy base is degenerate (scipy gives NaN); we return 1.
 * @throws RangeError when R's length is not D·K.
 */
export function dciDisentanglement(R: ArrayLike<number>, D: number, K: number): number {
  if (R.length !== D * K)
    throw new RangeError(`dciDisentanglement: R has ${R.length} entries, expected ${D}*${K}.`);
  if (K < 2) return 1;
  const total = Array.from(R).reduce((a, b) => a + b, 0);
  let score = 0;
  for (let i = 0; i < D; i++) {
    const row = Array.from({ length: K }, (_, j) => R[i * K + j] as number);
    const rowSum = total === 0 ? K : row.reduce((a, b) => a + b, 0);
    const rho = total === 0 ? rowSum / (D * K) : rowSum / total;
    score += rho * (1 - entropyBase(row, K));
  }
  return score;
}

/**
 * DCI completeness from R [D, K]: Σ_j (Σ_i R[i,j]/Σ R)(1 − H_D(R[:,j]/Σ_i R[i,j])), uniform
 * weights when R is all zero.
 * With D = 1 the entropy base is degenerate (scipy gives NaN); we return 1.
 * @throws RangeError when R's length is not D·K.
 */
export function dciCompleteness(R: ArrayLike<number>, D: number, K: number): number {
  if (R.length !== D * K)
    throw new RangeError(`dciCompleteness: R has ${R.length} entries, expected ${D}*${K}.`);
  if (D < 2) return 1;
  const total = Array.from(R).reduce((a, b) => a + b, 0);
  let score = 0;
  for (let j = 0; j < K; j++) {
    const col = Array.from({ length: D }, (_, i) => R[i * K + j] as number);
    const colSum = total === 0 ? D : col.reduce((a, b) => a + b, 0);
    const w = total === 0 ? colSum / (D * K) : colSum / total;
    score += w * (1 - entropyBase(col, D));
  }
  return score;
}

export interface DciResult {
  readonly disentanglement: number;
  readonly completeness: number;
  /** mean accuracy over factors (not an error) */
  readonly informativenessTrain: number;
  readonly informativenessTest: number;
  /** importance matrix R [D, K] */
  readonly importance: Float64Array;
}

/**
 * DCI from paired train/test samples: one booster per factor on all codes;
 * R[:, j] = |feature_importances_|.
 * @param opts.nEstimators trees per class (100, sklearn's default)
 */
export function dci(
  train: { codes: Codes; factors: Factors },
  test: { codes: Codes; factors: Factors },
  opts: { nEstimators?: number } = {},
): DciResult {
  checkPaired(train.codes, train.factors, "dci");
  checkPaired(test.codes, test.factors, "dci (test)");
  const D = train.codes.dim;
  const K = train.factors.k;
  if (test.codes.dim !== D || test.factors.k !== K)
    throw new RangeError("dci: train and test shapes differ.");
  const R = new Float64Array(D * K);
  let accTrain = 0;
  let accTest = 0;
  for (let j = 0; j < K; j++) {
    const y = column(train.factors.data, train.factors.n, K, j);
    const model = fitGbt(train.codes.data, train.codes.n, D, y, {
      nEstimators: opts.nEstimators ?? 100,
    });
    for (let i = 0; i < D; i++) R[i * K + j] = Math.abs(model.importances[i] as number);
    const pTrain = predictGbt(model, train.codes.data, train.codes.n, D);
    const pTest = predictGbt(model, test.codes.data, test.codes.n, D);
    accTrain += pTrain.reduce((a, p, t) => a + (p === y[t] ? 1 : 0), 0) / train.codes.n;
    accTest +=
      pTest.reduce((a, p, t) => a + (p === test.factors.data[t * K + j] ? 1 : 0), 0) / test.codes.n;
  }
  return {
    disentanglement: dciDisentanglement(R, D, K),
    completeness: dciCompleteness(R, D, K),
    informativenessTrain: accTrain / K,
    informativenessTest: accTest / K,
    importance: R,
  };
}
