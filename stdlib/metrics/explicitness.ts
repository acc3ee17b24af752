/** explicitness: Ridgeway & Mozer's explicitness score. */
import type { MetricDef } from "../types.js";
import { base, trainTest } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { explicitness as explicitnessScore } from "../../runtime/metrics/modularity.js";
import {
  batchSizeParam,
  representationParam,
  samplesParam,
  seedParam,
  testSamplesParam,
} from "./common.js";

export const explicitness: MetricDef = {
  kind: "metric",
  name: "explicitness",
  supervised: true,
  signature: {
    params: [
      samplesParam(10000),
      testSamplesParam(5000),
      batchSizeParam(16),
      seedParam,
      representationParam,
    ],
    doc: "Explicitness in [0, 1]: mean over factors of the macro ROC-AUC of a logistic regression predicting each factor's classes from the standardised codes, on held-out points.",
    source:
      "Ridgeway & Mozer 2018 §3; disentanglement_lib evaluation/metrics/modularity_explicitness.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train, test } = await trainTest(ctx, rng);
    const r = explicitnessScore(train, test);
    return {
      value: r.test,
      ...base(ctx, "logistic-roc-auc-macro", train.codes.n, test.codes.n),
      extra: { train: r.train },
    };
  },
};
