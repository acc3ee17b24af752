/**
 * Modularity and explicitness (Ridgeway & Mozer 2018, "Learning Deep Disentangled Embeddings
 * With the F-Statistic Loss", §3), disentanglement_lib `modularity_explicitness.py`.
 */
import { discretizeCodes, mutualInfoMatrix } from "./discrete.js";
import { fitLogistic, predictProba } from "./logistic.js";
import { macroRocAuc } from "./roc-auc.js";
import type { Codes, Factors } from "./types.js";
import { checkPaired, column } from "./types.js";

/**
 * Modularity of an MI matrix m [D, K] (nats): per code, s = m_i², δ_i = (Σ s − max s)/(max s·(K−1)),
 * mod_i = 1 − δ_i (0 when max s = 0); the mean over codes. K = 1 gives mod_i = 1 for informative codes.
 */
export function modularityFromMi(m: ArrayLike<number>, D: number, K: number): number {
  if (m.length !== D * K)
    throw new RangeError(`modularityFromMi: m has ${m.length} entries, expected ${D}*${K}.`);
  let total = 0;
  for (let i = 0; i < D; i++) {
    let sum = 0;
    let max = 0;
    for (let j = 0; j < K; j++) {
      const s = (m[i * K + j] as number) ** 2;
      sum += s;
      max = Math.max(max, s);
    }
    total += max === 0 ? 0 : K === 1 ? 1 : 1 - (sum - max) / (max * (K - 1));
  }
  return total / D;
}

/** Modularity from codes [N, D] and factors [N, K]: `bins`-bin discretised MI, then `modularityFromMi`. */
export function modularity(codes: Codes, factors: Factors, bins = 20): number {
  checkPaired(codes, factors, "modularity");
  const m = mutualInfoMatrix(discretizeCodes(codes, bins), factors);
  return modularityFromMi(m, codes.dim, factors.k);
}

/**
 * Explicitness: codes standardised with the train mean and std (ddof 0; a constant code is
 * centred only); per factor a default logistic regression on all codes; macro ROC-AUC of
 * predict_proba against one-hot labels; mean over factors, train and test.
 */
export function explicitness(
  train: { codes: Codes; factors: Factors },
  test: { codes: Codes; factors: Factors },
): { train: number; test: number } {
  checkPaired(train.codes, train.factors, "explicitness");
  checkPaired(test.codes, test.factors, "explicitness (test)");
  const D = train.codes.dim;
  const K = train.factors.k;
  if (test.codes.dim !== D || test.factors.k !== K)
    throw new RangeError("explicitness: train and test shapes differ.");
  const mean = new Float64Array(D);
  const std = new Float64Array(D);
  const n = train.codes.n;
  for (let d = 0; d < D; d++) {
    const c = column(train.codes.data, n, D, d);
    let s = 0;
    for (const v of c) s += v;
    mean[d] = s / n;
    let q = 0;
    for (const v of c) q += (v - (mean[d] as number)) ** 2;
    std[d] = Math.sqrt(q / n) || 1;
  }
  const norm = (c: Codes): Float64Array => {
    const out = new Float64Array(c.n * D);
    for (let i = 0; i < c.n; i++)
      for (let d = 0; d < D; d++)
        out[i * D + d] = ((c.data[i * D + d] as number) - (mean[d] as number)) / (std[d] as number);
    return out;
  };
  const xTrain = norm(train.codes);
  const xTest = norm(test.codes);
  let sTrain = 0;
  let sTest = 0;
  for (let j = 0; j < K; j++) {
    const yTrain = column(train.factors.data, n, K, j);
    const yTest = column(test.factors.data, test.codes.n, K, j);
    if (new Set(yTrain).size < 2)
      throw new RangeError(
        `explicitness: factor ${j} takes a single value in the train sample; leave it out of the factor set.`,
      );
    const model = fitLogistic(xTrain, n, D, yTrain);
    sTrain += macroRocAuc(predictProba(model, xTrain, n), yTrain, model.classes);
    sTest += macroRocAuc(predictProba(model, xTest, test.codes.n), yTest, model.classes);
  }
  return { train: sTrain / K, test: sTest / K };
}
