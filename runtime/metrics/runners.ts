/**
 * One runner per metric name: sample what the reference samples, compute, and package a
 * `MetricResult`. Reference sample counts are those of disentanglement_lib's
 * unsupervised_study_v1 metric configs (Locatello et al. 2019).
 */
import { betaVaePoints, betaVaeScore } from "./beta-vae.js";
import { dci } from "./dci.js";
import { factorVaeScore } from "./factor-vae.js";
import { gaussianTcFromCodes } from "./gaussian-tc.js";
import { mig } from "./mig.js";
import { migContinuous } from "./mig-continuous.js";
import { explicitness, modularity } from "./modularity.js";
import { createMetricRng, type SeededRng } from "./rng.js";
import type { RepresentationSource, Sampled } from "./sampling.js";
import { sap, type SapVariant } from "./sap.js";
import type { Codes, Factors, MetricResult } from "./types.js";

/** What every runner receives. */
export interface RunContext {
  readonly source: RepresentationSource;
  /** the factor set (indices into the source's factors) */
  readonly factorIndices: readonly number[];
  readonly factorNames: readonly string[];
  /** train points; undefined = the reference count */
  readonly samples?: number;
  readonly seed: number;
  readonly representation: string;
  readonly sapVariant: SapVariant;
  /** MIG estimator (default "histogram") */
  readonly migVariant?: MigVariant;
  /**
   * The posterior for `migVariant: "continuous"`: a source whose codes are float32 [n, 2·D],
   * each row [mu_0..mu_{D−1}, logvar_0..logvar_{D−1}] (see `posteriorSource` in evaluate.ts).
   */
  readonly posteriorSource?: RepresentationSource;
}

/** "histogram": dlib 20-bin discretised MI; "continuous": Chen et al. 2018 with the exact q(z|x). */
export type MigVariant = "histogram" | "continuous";

/** Reference counts: train / test points (BetaVAE, FactorVAE: points of one 64-batch each). */
const REFERENCE = { train: 10_000, test: 5_000 };

function counts(ctx: RunContext): { train: number; test: number } {
  if (ctx.samples === undefined) return REFERENCE;
  if (!Number.isInteger(ctx.samples) || ctx.samples < 4)
    throw new RangeError(`samples must be an integer ≥ 4, got ${ctx.samples}.`);
  return { train: ctx.samples, test: Math.max(2, Math.ceil(ctx.samples / 2)) };
}

/** Codes and the factor-set columns of a sample. */
function split(s: Sampled, ctx: RunContext): { codes: Codes; factors: Factors } {
  const n = s.codes.length / s.dim;
  const K = ctx.source.factorSizes.length;
  const k = ctx.factorIndices.length;
  const data = new Int32Array(n * k);
  for (let i = 0; i < n; i++)
    ctx.factorIndices.forEach((j, jj) => (data[i * k + jj] = s.factors[i * K + j] as number));
  return { codes: { data: s.codes, n, dim: s.dim }, factors: { data, n, k } };
}

async function trainTest(
  ctx: RunContext,
  rng: SeededRng,
): Promise<{ train: ReturnType<typeof split>; test: ReturnType<typeof split> }> {
  const c = counts(ctx);
  const train = split(await ctx.source.sample(c.train, rng), ctx);
  const test = split(await ctx.source.sample(c.test, rng), ctx);
  return { train, test };
}

const base = (ctx: RunContext, variant: string, train: number, test?: number) => ({
  variant,
  samples: test === undefined ? { train } : { train, test },
  seed: ctx.seed,
  representation: ctx.representation,
});

export type Runner = (ctx: RunContext) => Promise<MetricResult>;

/** Continuous MIG (Chen et al. 2018): N = S = the train count of posterior samples; O(N²·D). */
async function migContinuousRunner(ctx: RunContext): Promise<MetricResult> {
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

/** Metric name → runner. Names match the stdlib metric entries. */
export const RUNNERS: Record<string, Runner> = {
  async mig(ctx) {
    if (ctx.migVariant === "continuous") return migContinuousRunner(ctx);
    const rng = createMetricRng(ctx.seed);
    const { train } = counts(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    const r = mig(s.codes, s.factors);
    const extra: Record<string, number> = {};
    r.perFactor.forEach(
      (v, jj) => (extra[`mig_${ctx.factorNames[ctx.factorIndices[jj] as number] ?? jj}`] = v),
    );
    return { value: r.mig, ...base(ctx, "dlib-histogram-20bins", train), extra };
  },
  async sap(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train, test } = await trainTest(ctx, rng);
    const r = sap(train, test, ctx.sapVariant);
    return {
      value: r.sap,
      ...base(
        ctx,
        ctx.sapVariant === "discrete" ? "discrete-linear-svc-C0.01" : "continuous-r2",
        train.codes.n,
        test.codes.n,
      ),
    };
  },
  async dci(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train, test } = await trainTest(ctx, rng);
    const r = dci(train, test);
    return {
      value: r.disentanglement,
      ...base(ctx, "gbt-100-depth3", train.codes.n, test.codes.n),
      extra: {
        completeness: r.completeness,
        informativeness_train: r.informativenessTrain,
        informativeness_test: r.informativenessTest,
      },
    };
  },
  async modularity(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train } = counts(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    return { value: modularity(s.codes, s.factors), ...base(ctx, "dlib-histogram-20bins", train) };
  },
  async explicitness(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train, test } = await trainTest(ctx, rng);
    const r = explicitness(train, test);
    return {
      value: r.test,
      ...base(ctx, "logistic-roc-auc-macro", train.codes.n, test.codes.n),
      extra: { train: r.train },
    };
  },
  async beta_vae_score(ctx) {
    const rng = createMetricRng(ctx.seed);
    const c = counts(ctx);
    const opts = { batchSize: 64, factorIndices: ctx.factorIndices };
    const train = await betaVaePoints(ctx.source, c.train, rng, opts);
    const evalPts = await betaVaePoints(ctx.source, c.test, rng, opts);
    const r = betaVaeScore(train, evalPts);
    return {
      value: r.evalAccuracy,
      ...base(ctx, "logistic-mean-abs-diff-64", c.train, c.test),
      extra: { train_accuracy: r.trainAccuracy },
    };
  },
  async factor_vae_score(ctx) {
    const rng = createMetricRng(ctx.seed);
    const c = counts(ctx);
    const r = await factorVaeScore(ctx.source, rng, {
      numTrain: c.train,
      numEval: c.test,
      numVariance: c.train,
      batchSize: 64,
      factorIndices: ctx.factorIndices,
    });
    return {
      value: r.evalAccuracy,
      ...base(ctx, "majority-vote-64-prune0.05", c.train, c.test),
      extra: { train_accuracy: r.trainAccuracy, active_dims: r.activeDims },
    };
  },
  async gaussian_tc(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train } = counts(ctx);
    const s = await ctx.source.sample(train, rng);
    const r = gaussianTcFromCodes({ data: s.codes, n: train, dim: s.dim });
    return {
      value: r.tc,
      ...base(ctx, "gaussian-cov-ddof1", train),
      extra: { active_dims: r.activeDims },
    };
  },
};
