/**
 * Continuous Mutual Information Gap (Chen et al. 2018, "Isolating Sources of Disentanglement
 * in VAEs", §5 Eq. 5–6; reference rtqichen/beta-tcvae `metric_helpers/mi_metric.py`
 * `estimate_entropies` and `disentanglement_metrics.py`). Uses the encoder's Gaussian posterior
 * q(z_j|x_n) = N(mu_nj, exp(logvar_nj)) of N sampled examples instead of binned means:
 *
 *   z_sj ~ q(z_j|x_s)                       (one sample per example s)
 *   log q(z_j) = logmeanexp_n log q(z_j|x_n)
 *   H(z_j)     = −mean_s log q(z_sj)          (Monte Carlo, nats)
 *   H(z_j|v_k = v): the same within the examples with v_k = v
 *   I(z_j; v_k) = H(z_j) − Σ_v p(v) H(z_j | v_k = v), clamped at 0 (as the reference)
 *   MIG = mean_k (top1_j I − top2_j I) / H(v_k)
 *
 * p(v) and H(v_k) are the empirical ones of the sample (the reference uses log|V_k| on the full
 * uniform grid; both agree for uniformly sampled factors).
 *
 * Cost: the marginal entropies evaluate an [S, N] matrix of log-densities per latent, so
 * O(S·N·D) ≈ O(N²·D) time (one exp per entry); the conditionals add Σ_v |v|²·D ≤ N²·D per factor
 * but are usually far smaller. Memory is O(N·D) (rows are processed one sample at a time in a
 * float64 buffer of length N). N = S = 10,000 with D = 10 is 10⁹ density evaluations, about
 * 20 s in Node on one core; tests use N ≤ 600.
 */
import { discreteEntropy } from "./discrete.js";
import { createMetricRng, type SeededRng } from "./rng.js";
import { counts, split, type RunContext } from "./run-context.js";
import type { Factors, MetricResult } from "./types.js";

/** The encoder's Gaussian posterior of N examples: mu, logvar float32 [n, dim]. */
export interface Posterior {
  readonly mu: Float32Array;
  readonly logvar: Float32Array;
  readonly n: number;
  readonly dim: number;
}

export interface MigContinuousResult {
  /** mean over factors of (top1 − top2 of I(z_j; v_k)) / H(v_k); unitless, ≈ [0, 1]. */
  readonly mig: number;
  /** per factor gap / entropy, in factor-set order. */
  readonly perFactor: number[];
  /** H(v_k) in nats per factor. */
  readonly entropies: number[];
  /** H(z_j) in nats, float64 [dim]. */
  readonly marginalEntropies: Float64Array;
  /** I(z_j; v_k) in nats (clamped at 0), float64 [dim, factors] row-major. */
  readonly mi: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

function checkPosterior(p: Posterior, factors: Factors, z?: Float32Array | Float64Array): void {
  const len = p.n * p.dim;
  if (p.mu.length !== len || p.logvar.length !== len) {
    throw new RangeError(
      `migContinuous: mu has ${p.mu.length} and logvar ${p.logvar.length} values, expected n*dim = ${p.n}*${p.dim}.`,
    );
  }
  if (p.n < 2 || p.dim < 1)
    throw new RangeError(
      `migContinuous: needs at least 2 examples and 1 latent (got n=${p.n}, dim=${p.dim}).`,
    );
  if (factors.n !== p.n || factors.data.length !== factors.n * factors.k || factors.k < 1) {
    throw new RangeError(
      `migContinuous: ${factors.n} factor rows of ${factors.k} (${factors.data.length} values) do not pair with ${p.n} examples.`,
    );
  }
  if (z && z.length !== len)
    throw new RangeError(`migContinuous: z has ${z.length} values, expected ${len}.`);
  for (let t = 0; t < len; t++) {
    if (!Number.isFinite(p.mu[t] as number) || !Number.isFinite(p.logvar[t] as number)) {
      throw new RangeError(
        `migContinuous: non-finite mu or logvar at example ${Math.floor(t / p.dim)}, latent ${t % p.dim}.`,
      );
    }
  }
}

/**
 * Monte Carlo entropy −mean_{s∈samples} logmeanexp_{n∈members} log N(z_sj; mu_nj, exp(logvar_nj))
 * of latent j, in nats. `members` and `samples` are example indices; `buf` has ≥ |members| slots.
 */
function latentEntropy(
  p: Posterior,
  z: ArrayLike<number>,
  j: number,
  members: Int32Array,
  samples: Int32Array,
  buf: Float64Array,
): number {
  const D = p.dim;
  const m = members.length;
  // per member: mean, precision, log normaliser − log m
  const mu = new Float64Array(m);
  const prec = new Float64Array(m);
  const c = new Float64Array(m);
  const logM = Math.log(m);
  for (let a = 0; a < m; a++) {
    const t = (members[a] as number) * D + j;
    const lv = p.logvar[t] as number;
    mu[a] = p.mu[t] as number;
    prec[a] = Math.exp(-lv);
    c[a] = -0.5 * (LOG_2PI + lv) - logM;
  }
  let total = 0;
  for (let b = 0; b < samples.length; b++) {
    const zs = z[(samples[b] as number) * D + j] as number;
    let max = -Infinity;
    for (let a = 0; a < m; a++) {
      const d = zs - (mu[a] as number);
      const v = (c[a] as number) - 0.5 * d * d * (prec[a] as number);
      buf[a] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let a = 0; a < m; a++) {
      const d = (buf[a] as number) - max;
      if (d > -40) sum += Math.exp(d); // exp(−40) ≈ 4e−18: below float64 resolution of sum ≥ 1
    }
    total -= max + Math.log(sum);
  }
  return total / samples.length;
}

/**
 * Continuous MIG from given posterior samples (one z per example).
 * @param post mu, logvar float32 [N, D]; @param z float [N, D], z_n ~ q(z|x_n)
 * @param factors int32 [N, K] class indices
 * @param opts.factorIndices the factor set (default all K)
 * @param opts.sampleOrder example indices in the order samples are taken (default 0..N−1);
 *   with `opts.samples` = S < N the marginal uses its first S entries and each value group
 *   its first max(1, round(S·|v|/N)) members in that order (stratified)
 * @throws RangeError on mismatched shapes, non-finite input, or a constant factor (H = 0).
 */
export function migContinuousFromSamples(
  post: Posterior,
  z: Float32Array | Float64Array,
  factors: Factors,
  opts: { factorIndices?: readonly number[]; samples?: number; sampleOrder?: Int32Array } = {},
): MigContinuousResult {
  checkPosterior(post, factors, z);
  const N = post.n;
  const D = post.dim;
  const fs = opts.factorIndices ?? Array.from({ length: factors.k }, (_, j) => j);
  if (fs.length === 0) throw new RangeError("migContinuous: the factor set is empty.");
  for (const f of fs)
    if (!Number.isInteger(f) || f < 0 || f >= factors.k)
      throw new RangeError(`migContinuous: factor index ${f} is outside [0, ${factors.k}).`);
  const S = opts.samples ?? N;
  if (!Number.isInteger(S) || S < 1)
    throw new RangeError(`migContinuous: samples must be a positive integer, got ${S}.`);
  const order = opts.sampleOrder ?? Int32Array.from({ length: N }, (_, i) => i);
  if (order.length !== N)
    throw new RangeError(
      `migContinuous: sampleOrder has ${order.length} entries for ${N} examples.`,
    );
  const all = Int32Array.from({ length: N }, (_, i) => i);
  const buf = new Float64Array(N);
  const marginalSamples = order.subarray(0, Math.min(S, N));
  const marginal = new Float64Array(D);
  for (let j = 0; j < D; j++) marginal[j] = latentEntropy(post, z, j, all, marginalSamples, buf);

  const mi = new Float64Array(D * fs.length);
  const perFactor: number[] = [];
  const entropies: number[] = [];
  const col = new Int32Array(N);
  fs.forEach((f, ff) => {
    const groups = new Map<number, number[]>();
    for (const i of order) {
      const v = factors.data[i * factors.k + f] as number;
      col[i] = v;
      const g = groups.get(v);
      if (g) g.push(i);
      else groups.set(v, [i]);
    }
    const h = discreteEntropy(col);
    if (h <= 0)
      throw new RangeError(
        `migContinuous: factor ${f} takes a single value in the sample (H = 0); leave it out of the factor set.`,
      );
    const cond = new Float64Array(D);
    for (const g of groups.values()) {
      const members = Int32Array.from(g);
      const take =
        S >= N
          ? members.length
          : Math.min(members.length, Math.max(1, Math.round((S * members.length) / N)));
      const samples = members.subarray(0, take);
      const pv = members.length / N;
      for (let j = 0; j < D; j++)
        cond[j] = (cond[j] as number) + pv * latentEntropy(post, z, j, members, samples, buf);
    }
    const gaps: number[] = [];
    for (let j = 0; j < D; j++) {
      const m = Math.max(0, (marginal[j] as number) - (cond[j] as number));
      mi[j * fs.length + ff] = m;
      gaps.push(m);
    }
    gaps.sort((a, b) => b - a);
    entropies.push(h);
    perFactor.push(((gaps[0] as number) - (gaps[1] ?? 0)) / h);
  });
  const mig = perFactor.reduce((a, b) => a + b, 0) / perFactor.length;
  return { mig, perFactor, entropies, marginalEntropies: marginal, mi };
}

/**
 * Continuous MIG (Chen et al. 2018 Eq. 5–6): draws one z_n ~ N(mu_n, exp(logvar_n)) per example
 * and a random sample order from `rng`, then calls `migContinuousFromSamples`.
 * @param post mu, logvar float32 [N, D]; @param factors int32 [N, K]
 * @param opts.samples S Monte Carlo samples for the entropies (default N; cost O(S·N·D))
 * @throws RangeError as `migContinuousFromSamples`.
 */
export function migContinuous(
  post: Posterior,
  factors: Factors,
  rng: SeededRng,
  opts: { factorIndices?: readonly number[]; samples?: number } = {},
): MigContinuousResult {
  checkPosterior(post, factors);
  const len = post.n * post.dim;
  const z = new Float64Array(len);
  for (let t = 0; t < len; t++)
    z[t] = (post.mu[t] as number) + Math.exp(0.5 * (post.logvar[t] as number)) * rng.normal();
  const order = Int32Array.from({ length: post.n }, (_, i) => i);
  for (let i = post.n - 1; i > 0; i--) {
    const r = rng.int(i + 1);
    const t = order[i] as number;
    order[i] = order[r] as number;
    order[r] = t;
  }
  return migContinuousFromSamples(post, z, factors, { ...opts, sampleOrder: order });
}

/** Continuous MIG (Chen et al. 2018): N = S = the train count of posterior samples; O(N²·D). */
export async function runMigContinuous(ctx: RunContext): Promise<MetricResult> {
  const ps = ctx.posteriorSource;
  if (!ps)
    throw new Error(
      "mig(variant: continuous) needs the encoder's mu and logvar; evaluate it through evaluateMetrics (or pass posteriorSource).",
    );
  const rng = createMetricRng(ctx.seed);
  const { train } = counts(ctx);
  const s = split(await ps.sample(train, rng), ctx);
  const { n, dim: d2, data } = s.codes;
  if (d2 % 2 !== 0)
    throw new Error(
      `posterior source returned ${d2} columns; expected [mu | logvar], an even number.`,
    );
  const dim = d2 / 2;
  const mu = new Float32Array(n * dim);
  const logvar = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    mu.set(data.subarray(i * d2, i * d2 + dim), i * dim);
    logvar.set(data.subarray(i * d2 + dim, (i + 1) * d2), i * dim);
  }
  const r = migContinuous({ mu, logvar, n, dim }, s.factors, rng);
  const extra: Record<string, number> = {};
  r.perFactor.forEach(
    (v, jj) => (extra[`mig_${ctx.factorNames[ctx.factorIndices[jj] as number] ?? jj}`] = v),
  );
  return {
    value: r.mig,
    variant: "chen-continuous",
    samples: { train },
    seed: ctx.seed,
    representation: "posterior",
    extra,
  };
}
