/** modularity: Ridgeway & Mozer's modularity score. */
import type { MetricDef } from "../types.js";
import { base, counts, histogramBins, split } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { modularity as modularityScore } from "../../runtime/metrics/modularity.js";
import {
  batchSizeParam,
  binsParam,
  representationParam,
  samplesParam,
  seedParam,
} from "./common.js";

export const modularity: MetricDef = {
  kind: "metric",
  name: "modularity",
  supervised: true,
  signature: {
    params: [samplesParam(10000), batchSizeParam(16), seedParam, representationParam, binsParam],
    doc: "Modularity in [0, 1]: from the MI matrix m [D, K] of the codes discretised into `bins` equal-width bins, per code 1 − (Σ_j m_ij² − max_j m_ij²)/(max_j m_ij²·(K − 1)), averaged over codes.",
    source:
      "Ridgeway & Mozer 2018 §3; disentanglement_lib evaluation/metrics/modularity_explicitness.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train } = counts(ctx);
    const bins = histogramBins(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    return {
      value: modularityScore(s.codes, s.factors, bins),
      ...base(ctx, `dlib-histogram-${bins}bins`, train),
    };
  },
};
