/** beta_vae_score: the BetaVAE disentanglement metric. */
import type { MetricDef } from "../types.js";
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
      testSamplesParam(5000),
      batchSizeParam(64),
      seedParam,
      representationParam,
    ],
    doc: "BetaVAE score in [0, 1]: accuracy of a logistic-regression classifier predicting the fixed factor k from mean_b |r(x₁) − r(x₂)| over a batch of 64 pairs sharing factor k; reported on the held-out points.",
    source:
      "Higgins et al. 2017 (beta-VAE) §3; disentanglement_lib evaluation/metrics/beta_vae.py.",
  },
};
