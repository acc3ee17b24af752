/**
 * Unsupervised Gaussian total correlation (disentanglement_lib `unsupervised_metrics.py`,
 * `gaussian_total_correlation`): the KL between N(0, Σ) and N(0, diag Σ),
 * ½(Σ_i ln Σ_ii − ln det Σ), in nats, with Σ the sample covariance (ddof 1) of the codes.
 */
import type { Codes } from "./types.js";
import { checkCodes } from "./types.js";

/**
 * ½(Σ ln diag Σ − ln det Σ) for a symmetric positive-definite Σ [D, D] (row-major), via Cholesky.
 * @returns Infinity when Σ is singular (not positive definite).
 * @throws RangeError when Σ is not D×D or its diagonal is not positive.
 */
export function gaussianTotalCorrelation(cov: ArrayLike<number>, D: number): number {
  if (cov.length !== D * D)
    throw new RangeError(
      `gaussianTotalCorrelation: Σ has ${cov.length} entries, expected ${D}*${D}.`,
    );
  const L = new Float64Array(D * D);
  let logDiag = 0;
  let logDet = 0;
  for (let i = 0; i < D; i++) {
    const cii = cov[i * D + i] as number;
    if (!(cii > 0))
      throw new RangeError(
        `gaussianTotalCorrelation: Σ[${i},${i}] = ${cii} is not positive (a constant code?).`,
      );
    logDiag += Math.log(cii);
    for (let j = 0; j <= i; j++) {
      let s = cov[i * D + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * D + k] as number) * (L[j * D + k] as number);
      if (i === j) {
        if (s <= 0) return Infinity;
        L[i * D + i] = Math.sqrt(s);
        logDet += Math.log(s);
      } else L[i * D + j] = s / (L[j * D + j] as number);
    }
  }
  return 0.5 * (logDiag - logDet);
}

/** Sample covariance (ddof 1) of codes [N, D] as float64 [D, D]. */
export function covariance(codes: Codes): Float64Array {
  checkCodes(codes, "covariance");
  const { n, dim: D, data } = codes;
  const mean = new Float64Array(D);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < D; d++) mean[d]! += (data[i * D + d] as number) / n;
  const cov = new Float64Array(D * D);
  const row = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < D; d++) row[d] = (data[i * D + d] as number) - (mean[d] as number);
    for (let a = 0; a < D; a++)
      for (let b = 0; b <= a; b++) cov[a * D + b]! += (row[a] as number) * (row[b] as number);
  }
  for (let a = 0; a < D; a++) {
    for (let b = 0; b <= a; b++) {
      cov[a * D + b]! /= n - 1;
      cov[b * D + a] = cov[a * D + b] as number;
    }
  }
  return cov;
}

/**
 * Gaussian TC of the codes [N, D] in nats. Codes with variance ≤ 1e-12 are left out (their log
 * variance is −∞); `activeDims` says how many were used.
 */
export function gaussianTcFromCodes(codes: Codes): { tc: number; activeDims: number } {
  const cov = covariance(codes);
  const D = codes.dim;
  const active = Array.from({ length: D }, (_, d) => d).filter(
    (d) => (cov[d * D + d] as number) > 1e-12,
  );
  if (active.length === 0) return { tc: 0, activeDims: 0 };
  const sub = new Float64Array(active.length * active.length);
  active.forEach((a, i) =>
    active.forEach((b, j) => (sub[i * active.length + j] = cov[a * D + b] as number)),
  );
  return { tc: gaussianTotalCorrelation(sub, active.length), activeDims: active.length };
}
