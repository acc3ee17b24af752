/**
 * Which ground-truth factor each latent carries: the latent × factor matrix of normalised mutual
 * information, NMI[d, k] = I(bin(z_d); v_k) / H(v_k), the quantity MIG ranks (Chen et al. 2018,
 * eq. 5; disentanglement_lib `mig.py`): codes discretised into `bins` equal-width bins over their
 * own range, MI from contingency tables (discrete.ts), divided by the factor's entropy. Values lie
 * in [0, 1]; 1 means the binned latent determines the factor.
 */
import type { Dataset } from "../data/types.js";
import { discreteEntropy, discretizeCodes, mutualInfoMatrix } from "./discrete.js";
import { createMetricRng } from "./rng.js";
import { datasetSource, type EncodeFn } from "./sampling.js";
import type { Codes, Factors } from "./types.js";
import { checkPaired, column } from "./types.js";

/** The latent × factor information of a representation. */
export interface LatentFactorInfo {
  /** Factor names, the columns of `nmi`. */
  readonly factors: string[];
  /** NMI[d][k] in [0, 1]: one row per latent, one column per factor. */
  readonly nmi: number[][];
  /** H(v_k) in nats per factor. */
  readonly entropies: number[];
  /** Points the MI was estimated from. */
  readonly samples: number;
  /** Histogram bins per code. */
  readonly bins: number;
  /** Seed of the point sample. */
  readonly seed: number;
}

/**
 * NMI[d, k] = I(bin(z_d); v_k) / H(v_k) for every code d and factor k; a factor that is constant
 * in the sample (H = 0) gets NMI 0.
 * @param codes [N, D]; @param factors [N, K] class indices
 * @returns nmi float64 [D, K] row-major and H(v_k) in nats [K]
 * @throws RangeError on mismatched shapes (see `checkPaired`).
 */
export function normalizedMutualInfo(
  codes: Codes,
  factors: Factors,
  bins = 20,
): { nmi: Float64Array; entropies: number[] } {
  checkPaired(codes, factors, "normalizedMutualInfo");
  const mi = mutualInfoMatrix(discretizeCodes(codes, bins), factors);
  const entropies = Array.from({ length: factors.k }, (_, k) =>
    discreteEntropy(column(factors.data, factors.n, factors.k, k)),
  );
  const nmi = new Float64Array(codes.dim * factors.k);
  for (let d = 0; d < codes.dim; d++) {
    for (let k = 0; k < factors.k; k++) {
      const h = entropies[k] as number;
      nmi[d * factors.k + k] = h > 0 ? Math.min(1, (mi[d * factors.k + k] as number) / h) : 0;
    }
  }
  return { nmi, entropies };
}

/**
 * Encodes `samples` points of `dataset` (factors drawn uniformly and rendered where the data set
 * can, else examples drawn by index, as MIG draws them) and returns their latent × factor NMI
 * for the posterior mean. Null when the data set has no ground-truth factors.
 * @param encode x [n, H, W, C] → mu, logvar [n, D]
 */
export async function latentFactorInfo(
  dataset: Dataset,
  encode: EncodeFn,
  opts: { samples?: number; bins?: number; seed?: number } = {},
): Promise<LatentFactorInfo | null> {
  if (dataset.factorSizes.length === 0) return null;
  const samples = opts.samples ?? 10_000;
  const bins = opts.bins ?? 20;
  const seed = opts.seed ?? 0;
  const source = datasetSource(dataset, encode, { representation: "mean", batchSize: 64 });
  const s = await source.sample(samples, createMetricRng(seed));
  const n = s.codes.length / s.dim;
  const K = dataset.factorSizes.length;
  const { nmi, entropies } = normalizedMutualInfo(
    { data: s.codes, n, dim: s.dim },
    { data: s.factors, n, k: K },
    bins,
  );
  const rows = Array.from({ length: s.dim }, (_, d) =>
    Array.from(nmi.subarray(d * K, (d + 1) * K), (v) => Math.round(v * 1e4) / 1e4),
  );
  return {
    factors: [...dataset.factorNames],
    nmi: rows,
    entropies: entropies.map((h) => Math.round(h * 1e4) / 1e4),
    samples: n,
    bins,
    seed,
  };
}
