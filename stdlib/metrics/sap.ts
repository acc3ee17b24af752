/** sap: the Separated Attribute Predictability score. */
import type { MetricDef } from "../types.js";
import { base, counts, split } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { sap as sapScore } from "../../runtime/metrics/sap.js";
import {
  batchSizeParam,
  representationParam,
  samplesParam,
  seedParam,
  testSamplesParam,
} from "./common.js";

export const sap: MetricDef = {
  kind: "metric",
  name: "sap",
  supervised: true,
  signature: {
    params: [
      {
        name: "variant",
        type: { kind: "enum", values: ["discrete", "continuous"] },
        default: "discrete",
        doc: "discrete: accuracy of a linear classifier per (code, factor) (disentanglement_lib default); continuous: R² = cov²/(var·var)",
      },
      samplesParam(10000),
      testSamplesParam(
        5000,
        "held-out points the discrete variant's classifiers are scored on (the continuous variant uses the training points only, as disentanglement_lib)",
      ),
      batchSizeParam(16),
      seedParam,
      representationParam,
    ],
    doc: "SAP score in [0, 1]: for each factor, the difference between the top two per-code predictability scores, averaged over factors.",
    source: "Kumar et al. 2018 (DIP-VAE) §3; disentanglement_lib evaluation/metrics/sap_score.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    // the continuous variant scores the train points only (dlib sap_score.py), so draws no test
    const discrete = ctx.sapVariant === "discrete";
    const c = counts(ctx);
    const train = split(await ctx.source.sample(c.train, rng), ctx);
    const test = discrete ? split(await ctx.source.sample(c.test, rng), ctx) : undefined;
    const r = sapScore(train, test, ctx.sapVariant);
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
};
