/**
 * One runner per metric name: sample what the reference samples, compute, and package a
 * `MetricResult`. Each reads its declared parameters from the `RunContext` (run-context.ts);
 * reference sample counts are those of disentanglement_lib's unsupervised_study_v1 metric
 * configs (Locatello et al. 2019).
 */
import { betaVaePoints, betaVaeScore } from "./beta-vae.js";
import { dci } from "./dci.js";
import { factorVaeScore } from "./factor-vae.js";
import { gaussianTcFromCodes } from "./gaussian-tc.js";
import { mig } from "./mig.js";
import { migContinuous } from "./mig-continuous.js";
import { explicitness, modularity } from "./modularity.js";
import { createMetricRng } from "./rng.js";
import {
  base,
  counts,
  histogramBins,
  pruneThreshold,
  split,
  trainTest,
  varianceCount,
  voteBatch,
  type RunContext,
} from "./run-context.js";
import { sap } from "./sap.js";
import type { MetricResult } from "./types.js";

export type { MigVariant, RunContext } from "./run-context.js";

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
    const bins = histogramBins(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    const r = mig(s.codes, s.factors, { bins });
    const extra: Record<string, number> = {};
    r.perFactor.forEach(
      (v, jj) => (extra[`mig_${ctx.factorNames[ctx.factorIndices[jj] as number] ?? jj}`] = v),
    );
    return { value: r.mig, ...base(ctx, `dlib-histogram-${bins}bins`, train), extra };
  },
  async sap(ctx) {
    const rng = createMetricRng(ctx.seed);
    // the continuous variant scores the train points only (dlib sap_score.py), so draws no test
    const discrete = ctx.sapVariant === "discrete";
    const c = counts(ctx);
    const train = split(await ctx.source.sample(c.train, rng), ctx);
    const test = discrete ? split(await ctx.source.sample(c.test, rng), ctx) : undefined;
    const r = sap(train, test, ctx.sapVariant);
    return {
      value: r.sap,
      ...base(
        ctx,
        discrete ? "discrete-linear-svc-C0.01" : "continuous-r2",
        train.codes.n,
        test?.codes.n,
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
    const bins = histogramBins(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    return {
      value: modularity(s.codes, s.factors, bins),
      ...base(ctx, `dlib-histogram-${bins}bins`, train),
    };
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
    const opts = { batchSize: voteBatch(ctx), factorIndices: ctx.factorIndices };
    const train = await betaVaePoints(ctx.source, c.train, rng, opts);
    const evalPts = await betaVaePoints(ctx.source, c.test, rng, opts);
    const r = betaVaeScore(train, evalPts);
    return {
      value: r.evalAccuracy,
      ...base(ctx, `logistic-mean-abs-diff-${opts.batchSize}`, c.train, c.test),
      extra: { train_accuracy: r.trainAccuracy },
    };
  },
  async factor_vae_score(ctx) {
    const rng = createMetricRng(ctx.seed);
    const c = counts(ctx);
    const batchSize = voteBatch(ctx);
    const threshold = pruneThreshold(ctx);
    const r = await factorVaeScore(ctx.source, rng, {
      numTrain: c.train,
      numEval: c.test,
      numVariance: varianceCount(ctx, c.train),
      batchSize,
      threshold,
      factorIndices: ctx.factorIndices,
    });
    return {
      value: r.evalAccuracy,
      ...base(ctx, `majority-vote-${batchSize}-prune${threshold}`, c.train, c.test),
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
