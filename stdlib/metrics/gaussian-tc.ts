/** gaussian_tc: total correlation of a Gaussian fitted to the codes (unsupervised). */
import type { MetricDef } from "../types.js";
import { base, counts } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { gaussianTcFromCodes } from "../../runtime/metrics/gaussian-tc.js";
import { representationParam, samplesParam, seedParam } from "./common.js";

export const gaussianTc: MetricDef = {
  kind: "metric",
  name: "gaussian_tc",
  supervised: false,
  signature: {
    params: [samplesParam(10000), seedParam, representationParam],
    doc: "Total correlation of the Gaussian N(m, Σ) fitted to the codes, ½(Σ_i ln Σ_ii − ln det Σ) in nats; 0 for independent codes. Needs no ground-truth factors.",
    source:
      "disentanglement_lib evaluation/metrics/unsupervised_metrics.py::gaussian_total_correlation.",
  },
  async run(ctx) {
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
