/**
 * BetaVAE score (Higgins et al. 2017, "β-VAE", §3 and Appendix A.4), disentanglement_lib
 * `beta_vae.py::compute_beta_vae_sklearn`: a linear classifier predicts which factor was held
 * fixed from the mean absolute difference of the codes of 64 pairs.
 */
import { fitLogistic, logisticAccuracy } from "./logistic.js";
import type { SeededRng } from "./rng.js";
import type { RepresentationSource } from "./sampling.js";

/** Training points: features float64 [count, D] (mean_b |z1 − z2|) and labels [count] (the fixed factor). */
export interface BetaVaePoints {
  readonly x: Float64Array;
  readonly y: Int32Array;
  readonly count: number;
  readonly dim: number;
}

/**
 * Generates `count` points; for each, factor k is drawn uniformly from `factorIndices`, two
 * batches of `batchSize` factor vectors share factor k row by row, and the feature is the mean
 * over the batch of |z1 − z2| [D].
 * @throws RangeError when count or batchSize is not a positive integer or the factor set is empty.
 */
export async function betaVaePoints(
  source: RepresentationSource,
  count: number,
  rng: SeededRng,
  opts: { batchSize?: number; factorIndices?: readonly number[] } = {},
): Promise<BetaVaePoints> {
  const B = opts.batchSize ?? 64;
  const K = source.factorSizes.length;
  const fs = opts.factorIndices ?? Array.from({ length: K }, (_, j) => j);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(B) || B < 1)
    throw new RangeError(
      `betaVaePoints: count (${count}) and batchSize (${B}) must be positive integers.`,
    );
  if (fs.length === 0) throw new RangeError("betaVaePoints: the factor set is empty.");
  let x = new Float64Array(0);
  let dim = 0;
  const y = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    const k = fs[rng.int(fs.length)] as number;
    const a = await source.sample(B, rng);
    const values = new Int32Array(B);
    for (let b = 0; b < B; b++) values[b] = a.factors[b * K + k] as number;
    const c = await source.sample(B, rng, { factor: k, values });
    if (p === 0) {
      dim = a.dim;
      x = new Float64Array(count * dim);
    }
    for (let b = 0; b < B; b++) {
      for (let d = 0; d < dim; d++)
        x[p * dim + d]! +=
          Math.abs((a.codes[b * dim + d] as number) - (c.codes[b * dim + d] as number)) / B;
    }
    y[p] = k;
  }
  return { x, y, count, dim };
}

/**
 * Fits the default logistic regression on the train points and reports accuracies in [0, 1].
 * A single class (one factor in the set) scores 1 trivially.
 */
export function betaVaeScore(
  train: BetaVaePoints,
  evalPoints: BetaVaePoints,
): { trainAccuracy: number; evalAccuracy: number } {
  if (new Set(train.y).size < 2) return { trainAccuracy: 1, evalAccuracy: 1 };
  const model = fitLogistic(train.x, train.count, train.dim, train.y);
  return {
    trainAccuracy: logisticAccuracy(model, train.x, train.count, train.y),
    evalAccuracy: logisticAccuracy(model, evalPoints.x, evalPoints.count, evalPoints.y),
  };
}
