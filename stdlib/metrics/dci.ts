/** dci: Disentanglement, Completeness and Informativeness. */
import type { MetricDef } from "../types.js";
import { base, trainTest } from "../../runtime/metrics/run-context.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { dci as dciScores } from "../../runtime/metrics/dci.js";
import {
  batchSizeParam,
  representationParam,
  samplesParam,
  seedParam,
  testSamplesParam,
} from "./common.js";

export const dci: MetricDef = {
  kind: "metric",
  name: "dci",
  supervised: true,
  signature: {
    params: [
      samplesParam(10000),
      testSamplesParam(
        5000,
        "held-out points for informativeness (the trees' test accuracy); disentanglement and completeness come from the training points",
      ),
      batchSizeParam(16),
      seedParam,
      representationParam,
    ],
    doc: "DCI from the importance matrix R [D, K] of gradient-boosted trees predicting each factor from all codes: disentanglement Σ_i ρ_i (1 − H_K(P_i·)), completeness Σ_j ρ_j (1 − H_D(P·j)), informativeness = mean test accuracy. Each in [0, 1].",
    source: "Eastwood & Williams 2018, §2; disentanglement_lib evaluation/metrics/dci.py.",
  },
  async run(ctx) {
    const rng = createMetricRng(ctx.seed);
    const { train, test } = await trainTest(ctx, rng);
    const r = dciScores(train, test);
    return {
      value: r.disentanglement,
      ...base(ctx, "gbt-100-depth3", train.codes.n, test.codes.n),
      extra: {
        completeness: r.completeness,
        informativeness_train: r.informativenessTrain,
        informativeness_test: r.informativenessTest,
      },
    };
  },
};
