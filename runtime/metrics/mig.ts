/**
 * Mutual Information Gap (Chen et al. 2018, "Isolating Sources of Disentanglement", Eq. 6),
 * disentanglement_lib variant (`mig.py`): codes discretised into `bins` (20) equal-width bins, MI from
 * contingency tables, normalised by the factor entropy H(v_k).
 */
import { discreteEntropy, discretizeCodes, mutualInfoMatrix } from "./discrete.js";
import type { Codes, Factors } from "./types.js";
import { checkPaired } from "./types.js";

export interface MigResult {
  /** mean over factors of (top MI − second MI) / H(v_k); unitless in [0, 1]. */
  readonly mig: number;
  /** per factor gap / entropy, in the order of `factorIndices`. */
  readonly perFactor: number[];
  /** H(v_k) in nats per factor. */
  readonly entropies: number[];
  /** MI matrix in nats, float64 [dim, factors] row-major. */
  readonly mi: Float64Array;
}

/**
 * MIG = mean_k (sorted_desc m[:,k])[0] − (sorted_desc m[:,k])[1]) / H(v_k), m[i,k] = I(bin(z_i); v_k).
 * @param codes [N, D]; @param factors [N, K] class indices
 * @param opts.factorIndices the factor set (e.g. dSprites without shape); default all K
 * @param opts.bins histogram bins (20)
 * With D = 1 the second-best MI is taken as 0.
 * @throws RangeError on mismatched shapes or a factor in the set that is constant (H = 0).
 */
export function mig(
  codes: Codes,
  factors: Factors,
  opts: { factorIndices?: readonly number[]; bins?: number } = {},
): MigResult {
  checkPaired(codes, factors, "mig");
  const fs = opts.factorIndices ?? Array.from({ length: factors.k }, (_, j) => j);
  if (fs.length === 0) throw new RangeError("mig: the factor set is empty.");
  const disc = discretizeCodes(codes, opts.bins ?? 20);
  const mi = mutualInfoMatrix(disc, factors, fs);
  const perFactor: number[] = [];
  const entropies: number[] = [];
  const col = new Int32Array(factors.n);
  fs.forEach((j, jj) => {
    for (let i = 0; i < factors.n; i++) col[i] = factors.data[i * factors.k + j] as number;
    const h = discreteEntropy(col);
    if (h <= 0)
      throw new RangeError(
        `mig: factor ${j} takes a single value in the sample (H = 0); leave it out of the factor set.`,
      );
    const sorted = Array.from(
      { length: codes.dim },
      (_, d) => mi[d * fs.length + jj] as number,
    ).sort((x, y) => y - x);
    const top1 = sorted[0] as number;
    const top2 = sorted[1] ?? 0;
    entropies.push(h);
    perFactor.push((top1 - top2) / h);
  });
  const value = perFactor.reduce((a, b) => a + b, 0) / perFactor.length;
  return { mig: value, perFactor, entropies, mi };
}
