/** sap: the Separated Attribute Predictability score. */
import type { MetricDef } from "../types.js";
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
};
