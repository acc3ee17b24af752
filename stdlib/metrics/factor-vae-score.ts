/** factor_vae_score: the FactorVAE disentanglement metric. */
import type { MetricDef } from "../types.js";
import {
  base,
  counts,
  pruneThreshold,
  varianceCount,
  voteBatch,
} from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { factorVaeScore as factorVaeAccuracy } from "../../runtime/metrics/factor-vae.js";
import {
  batchSizeParam,
  representationParam,
  samplesParam,
  seedParam,
  testSamplesParam,
} from "./common.js";

export const factorVaeScore: MetricDef = {
  kind: "metric",
  name: "factor_vae_score",
  supervised: true,
  signature: {
    params: [
      samplesParam(10000, "training votes"),
      testSamplesParam(5000, "held-out votes the accuracy is reported on"),
      batchSizeParam(
        64,
        "points per vote, all sharing the fixed factor's value; their variance is the local variance (also points per encoder call)",
      ),
      {
        name: "variance_samples",
        type: { kind: "number", integer: true, min: 2 },
        default: 10000,
        doc: "points drawn for the global per-dimension variance (ddof = 1) that normalises each vote's local variance",
      },
      {
        name: "prune_threshold",
        type: { kind: "number", min: 0 },
        default: 0.05,
        doc: "dims whose global std (code units) is below it are inactive: they never get a vote",
      },
      seedParam,
      representationParam,
    ],
    doc: "FactorVAE score in [0, 1]: majority-vote accuracy of predicting the fixed factor k from argmin_d of local/global variance over a batch of `batch` (64) points sharing factor k; the global variance comes from `variance_samples` points, and only dims with global std ≥ `prune_threshold` vote (0 if none).",
    source: "Kim & Mnih 2018 (FactorVAE) §4; disentanglement_lib evaluation/metrics/factor_vae.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    const c = counts(ctx);
    const batchSize = voteBatch(ctx);
    const threshold = pruneThreshold(ctx);
    const r = await factorVaeAccuracy(ctx.source, rng, {
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
};
