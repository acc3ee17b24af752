/**
 * SAP score (Kumar et al. 2018, "Variational Inference of Disentangled Latent Concepts from
 * Unlabeled Observations", §4), disentanglement_lib `sap_score.py`.
 */
import { fitLinearSvc1D, predictLinearSvc1D } from "./linear-svc.js";
import type { Codes, Factors } from "./types.js";
import { checkPaired, column } from "./types.js";

export type SapVariant = "discrete" | "continuous";

/**
 * Score matrix [D, K] (float64, row-major).
 * - "discrete" (the dlib default): score[i,j] = test accuracy of LinearSVC(C=0.01, balanced)
 *   fitted on code i alone to predict factor j (needs test data).
 * - "continuous": score[i,j] = cov(z_i, v_j)² / (var z_i · var v_j) on the train data (ddof 1);
 *   0 when var z_i ≤ 1e-12 (or var v_j = 0).
 * @throws RangeError on mismatched shapes or a discrete variant without test data.
 */
export function sapMatrix(
  train: { codes: Codes; factors: Factors },
  test: { codes: Codes; factors: Factors } | undefined,
  variant: SapVariant,
): Float64Array {
  checkPaired(train.codes, train.factors, "sap");
  const D = train.codes.dim;
  const K = train.factors.k;
  const m = new Float64Array(D * K);
  if (variant === "continuous") {
    const n = train.codes.n;
    for (let i = 0; i < D; i++) {
      const z = column(Float64Array.from(train.codes.data), n, D, i);
      for (let j = 0; j < K; j++) {
        const v = column(train.factors.data, n, K, j);
        let mz = 0;
        let mv = 0;
        for (let t = 0; t < n; t++) {
          mz += z[t] as number;
          mv += v[t] as number;
        }
        mz /= n;
        mv /= n;
        let czv = 0;
        let czz = 0;
        let cvv = 0;
        for (let t = 0; t < n; t++) {
          const a = (z[t] as number) - mz;
          const b = (v[t] as number) - mv;
          czv += a * b;
          czz += a * a;
          cvv += b * b;
        }
        czv /= n - 1;
        czz /= n - 1;
        cvv /= n - 1;
        m[i * K + j] = czz > 1e-12 && cvv > 0 ? (czv * czv) / (czz * cvv) : 0;
      }
    }
    return m;
  }
  if (!test) throw new RangeError("sap: the discrete variant needs test data.");
  checkPaired(test.codes, test.factors, "sap (test)");
  if (test.codes.dim !== D || test.factors.k !== K)
    throw new RangeError("sap: train and test shapes differ.");
  for (let i = 0; i < D; i++) {
    const z = column(train.codes.data, train.codes.n, D, i);
    const zt = column(test.codes.data, test.codes.n, D, i);
    for (let j = 0; j < K; j++) {
      const model = fitLinearSvc1D(z, column(train.factors.data, train.factors.n, K, j), 0.01);
      const pred = predictLinearSvc1D(model, zt);
      let correct = 0;
      for (let t = 0; t < test.codes.n; t++)
        if (pred[t] === test.factors.data[t * K + j]) correct++;
      m[i * K + j] = correct / test.codes.n;
    }
  }
  return m;
}

/** SAP = mean_j (top1_i score[i,j] − top2_i score[i,j]) for a [D, K] matrix (D = 1: top2 = 0). */
export function sapFromMatrix(m: Float64Array, D: number, K: number): number {
  let total = 0;
  for (let j = 0; j < K; j++) {
    const col = Array.from({ length: D }, (_, i) => m[i * K + j] as number).sort((a, b) => b - a);
    total += (col[0] as number) - (col[1] ?? 0);
  }
  return total / K;
}

/**
 * SAP score, disentanglement_lib `compute_sap`.
 * @returns { sap, matrix [D, K] }
 */
export function sap(
  train: { codes: Codes; factors: Factors },
  test: { codes: Codes; factors: Factors } | undefined,
  variant: SapVariant = "discrete",
): { sap: number; matrix: Float64Array } {
  const matrix = sapMatrix(train, test, variant);
  return { sap: sapFromMatrix(matrix, train.codes.dim, train.factors.k), matrix };
}
