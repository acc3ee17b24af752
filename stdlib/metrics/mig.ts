/** mig: the Mutual Information Gap. */
import type { MetricDef } from "../types.js";
import { base, counts, histogramBins, split } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { mig as migScore } from "../../runtime/metrics/mig.js";
import { runMigContinuous } from "../../runtime/metrics/mig-continuous.js";
import {
  binsParam,
  factorSubsetParam,
  representationParam,
  samplesParam,
  seedParam,
} from "./common.js";

export const mig: MetricDef = {
  kind: "metric",
  name: "mig",
  supervised: true,
  signature: {
    params: [
      {
        name: "variant",
        type: { kind: "enum", values: ["histogram", "continuous"] },
        default: "histogram",
        doc: "histogram: disentanglement_lib's discretised MI with `bins` (20) bins; continuous: beta-TCVAE's estimator with the exact q(z|x)",
      },
      factorSubsetParam,
      samplesParam(10000),
      seedParam,
      representationParam,
      { ...binsParam, doc: `${binsParam.doc} (variant histogram only)` },
    ],
    doc: "Mutual Information Gap in [0, 1]: for each factor v_k, the gap between the largest and second-largest MI(z_j; v_k) over codes j, divided by H(v_k), averaged over factors. MI and entropies in nats; the histogram variant discretises each code into `bins` equal-width bins.",
    source: "Chen et al. 2018 (beta-TCVAE) eq. 5; disentanglement_lib evaluation/metrics/mig.py.",
  },
  async run(ctx) {
    if (ctx.migVariant === "continuous") return runMigContinuous(ctx);
    const rng = createMetricRng(ctx.seed);
    const { train } = counts(ctx);
    const bins = histogramBins(ctx);
    const s = split(await ctx.source.sample(train, rng), ctx);
    const r = migScore(s.codes, s.factors, { bins });
    const extra: Record<string, number> = {};
    r.perFactor.forEach(
      (v, jj) => (extra[`mig_${ctx.factorNames[ctx.factorIndices[jj] as number] ?? jj}`] = v),
    );
    return { value: r.mig, ...base(ctx, `dlib-histogram-${bins}bins`, train), extra };
  },
};
