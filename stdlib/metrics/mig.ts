/** mig: the Mutual Information Gap. */
import type { MetricDef } from "../types.js";
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
};
