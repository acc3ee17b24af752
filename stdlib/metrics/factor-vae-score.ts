/** factor_vae_score: the FactorVAE disentanglement metric. */
import type { MetricDef } from "../types.js";
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
      testSamplesParam(5000),
      batchSizeParam(64),
      {
        name: "variance_samples",
        type: { kind: "number", integer: true, min: 2 },
        default: 10000,
        doc: "points used for the global per-dimension variance (ddof = 1)",
      },
      {
        name: "prune_threshold",
        type: { kind: "number", min: 0 },
        default: 0.05,
        doc: "dims with global std below it are inactive",
      },
      seedParam,
      representationParam,
    ],
    doc: "FactorVAE score in [0, 1]: majority-vote accuracy of predicting the fixed factor k from argmin_d of local/global variance over a batch of 64 points sharing factor k (active dims only; 0 if none).",
    source: "Kim & Mnih 2018 (FactorVAE) §4; disentanglement_lib evaluation/metrics/factor_vae.py.",
  },
};
