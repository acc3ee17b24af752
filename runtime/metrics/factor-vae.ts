/**
 * FactorVAE score (Kim & Mnih 2018, "Disentangling by Factorising", §4), disentanglement_lib
 * `factor_vae.py`: a majority-vote classifier maps the code of least normalised variance to the
 * factor held fixed. Works for any number of codes D and factors K.
 */
import type { SeededRng } from "./rng.js";
import type { RepresentationSource } from "./sampling.js";

/** Per-dimension variance with ddof = 1 of codes [n, dim]; float64 [dim]. */
export function varianceDdof1(codes: Float32Array, n: number, dim: number): Float64Array {
  if (n < 2) throw new RangeError(`varianceDdof1: needs at least 2 rows, got ${n}.`);
  const mean = new Float64Array(dim);
  const v = new Float64Array(dim);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) mean[d]! += (codes[i * dim + d] as number) / n;
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++)
      v[d]! += ((codes[i * dim + d] as number) - (mean[d] as number)) ** 2;
  for (let d = 0; d < dim; d++) v[d]! /= n - 1;
  return v;
}

/**
 * Votes [K, D] (row k = factor k in the source's numbering, column = index into the active set):
 * each vote fixes factor k (uniform over `factorIndices`) to one value across a batch of
 * `batchSize`, and votes for argmin over active dims of var_ddof1(batch)/globalVar.
 */
export async function factorVaeVotes(
  source: RepresentationSource,
  count: number,
  rng: SeededRng,
  globalVar: Float64Array,
  active: number[],
  opts: { batchSize?: number; factorIndices?: readonly number[] } = {},
): Promise<Float64Array> {
  const B = opts.batchSize ?? 64;
  const K = source.factorSizes.length;
  const D = globalVar.length;
  const fs = opts.factorIndices ?? Array.from({ length: K }, (_, j) => j);
  if (fs.length === 0) throw new RangeError("factorVaeVotes: the factor set is empty.");
  const votes = new Float64Array(K * D);
  for (let p = 0; p < count; p++) {
    const k = fs[rng.int(fs.length)] as number;
    const value = rng.int(source.factorSizes[k] as number);
    const s = await source.sample(B, rng, { factor: k, values: new Int32Array(B).fill(value) });
    if (s.dim !== D)
      throw new Error(
        `factorVaeVotes: representation has ${s.dim} dims, the global variance ${D}.`,
      );
    const local = varianceDdof1(s.codes, B, D);
    let best = 0;
    let bestV = Infinity;
    active.forEach((d, a) => {
      const r = (local[d] as number) / (globalVar[d] as number);
      if (r < bestV) {
        bestV = r;
        best = a;
      }
    });
    votes[k * D + best]! += 1;
  }
  return votes;
}

/**
 * Majority-vote accuracy: class(d) = argmax_k trainVotes[k, d];
 * accuracy = Σ_d votes[class(d), d] / Σ votes, for the train and the eval votes.
 */
export function factorVaeFromVotes(
  trainVotes: Float64Array,
  evalVotes: Float64Array,
  K: number,
  D: number,
): { trainAccuracy: number; evalAccuracy: number } {
  let trainHit = 0;
  let trainAll = 0;
  let evalHit = 0;
  let evalAll = 0;
  for (let d = 0; d < D; d++) {
    let best = 0;
    for (let k = 1; k < K; k++)
      if ((trainVotes[k * D + d] as number) > (trainVotes[best * D + d] as number)) best = k;
    trainHit += trainVotes[best * D + d] as number;
    evalHit += evalVotes[best * D + d] as number;
    for (let k = 0; k < K; k++) {
      trainAll += trainVotes[k * D + d] as number;
      evalAll += evalVotes[k * D + d] as number;
    }
  }
  return {
    trainAccuracy: trainAll > 0 ? trainHit / trainAll : 0,
    evalAccuracy: evalAll > 0 ? evalHit / evalAll : 0,
  };
}

/**
 * The full FactorVAE score: global variance (ddof 1) on `numVariance` random points; dims with
 * std < threshold (0.05) pruned; 0 when none is active.
 */
export async function factorVaeScore(
  source: RepresentationSource,
  rng: SeededRng,
  opts: {
    numTrain: number;
    numEval: number;
    numVariance: number;
    batchSize?: number;
    threshold?: number;
    factorIndices?: readonly number[];
  },
): Promise<{ trainAccuracy: number; evalAccuracy: number; activeDims: number }> {
  const g = await source.sample(opts.numVariance, rng);
  const globalVar = varianceDdof1(g.codes, opts.numVariance, g.dim);
  const thr = opts.threshold ?? 0.05;
  const active: number[] = [];
  globalVar.forEach((v, d) => {
    if (Math.sqrt(v) >= thr) active.push(d);
  });
  if (active.length === 0) return { trainAccuracy: 0, evalAccuracy: 0, activeDims: 0 };
  const K = source.factorSizes.length;
  const trainVotes = await factorVaeVotes(source, opts.numTrain, rng, globalVar, active, opts);
  const evalVotes = await factorVaeVotes(source, opts.numEval, rng, globalVar, active, opts);
  return { ...factorVaeFromVotes(trainVotes, evalVotes, K, g.dim), activeDims: active.length };
}
