/** The metrics of the standard library: signature and runner each (the algorithms live in runtime/metrics). */
import type { MetricDef } from "../types.js";
import { betaVaeScore } from "./beta-vae-score.js";
import { dci } from "./dci.js";
import { explicitness } from "./explicitness.js";
import { factorVaeScore } from "./factor-vae-score.js";
import { gaussianTc } from "./gaussian-tc.js";
import { mig } from "./mig.js";
import { modularity } from "./modularity.js";
import { sap } from "./sap.js";

export const metrics: readonly MetricDef[] = [
  mig,
  betaVaeScore,
  factorVaeScore,
  dci,
  sap,
  modularity,
  explicitness,
  gaussianTc,
];
