/** beta_vae_score: the BetaVAE disentanglement metric. */
import type { MetricDef } from "../types.js";
import { base, counts, voteBatch } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { betaVaePoints, betaVaeScore as betaVaeAccuracy } from "../../runtime/metrics/beta-vae.js";
import {
  batchSizeParam,
  representationParam,
  samplesParam,
  seedParam,
  testSamplesParam,
} from "./common.js";

export const betaVaeScore: MetricDef = {
  kind: "metric",
  name: "beta_vae_score",
  supervised: true,
  signature: {
    params: [
      samplesParam(10000, "training points (each from one pair batch)"),
      testSamplesParam(
        5000,
        "held-out points (each from one pair batch) the accuracy is reported on",
      ),
      batchSizeParam(
        64,
        "pairs per point: the feature is the mean |r(x₁) − r(x₂)| over this many pairs sharing factor k (also points per encoder call)",
      ),
      seedParam,
      representationParam,
    ],
    doc: "BetaVAE score in [0, 1]: accuracy of a logistic-regression classifier predicting the fixed factor k from mean_b |r(x₁) − r(x₂)| over a batch of `batch` (64) pairs sharing factor k; reported on the held-out points.",
    source:
      "Higgins et al. 2017 (beta-VAE) §3; disentanglement_lib evaluation/metrics/beta_vae.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    const c = counts(ctx);
    const opts = { batchSize: voteBatch(ctx), factorIndices: ctx.factorIndices };
    const train = await betaVaePoints(ctx.source, c.train, rng, opts);
    const evalPts = await betaVaePoints(ctx.source, c.test, rng, opts);
    const r = betaVaeAccuracy(train, evalPts);
    return {
      value: r.evalAccuracy,
      ...base(ctx, `logistic-mean-abs-diff-${opts.batchSize}`, c.train, c.test),
      extra: { train_accuracy: r.trainAccuracy },
    };
  },
};
