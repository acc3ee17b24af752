/**
 * Disentanglement metrics with disentanglement_lib's semantics (Locatello et al. 2019); each
 * metric's paper is in docs/stdlib.md.
 */
export * from "./types.js";
export {
  histogramDiscretize,
  discretizeCodes,
  mutualInfo,
  discreteEntropy,
  mutualInfoMatrix,
} from "./discrete.js";
export { mig, type MigResult } from "./mig.js";
export {
  migContinuous,
  migContinuousFromSamples,
  type MigContinuousResult,
  type Posterior,
} from "./mig-continuous.js";
export { sap, sapMatrix, sapFromMatrix, type SapVariant } from "./sap.js";
export { dci, dciDisentanglement, dciCompleteness, type DciResult } from "./dci.js";
export { fitGbt, predictGbt, type GbtModel } from "./gbt.js";
export { fitLogistic, predictProba, predictLogistic, type LogisticModel } from "./logistic.js";
export { fitLinearSvc1D, predictLinearSvc1D } from "./linear-svc.js";
export { betaVaePoints, betaVaeScore } from "./beta-vae.js";
export { factorVaeScore, factorVaeVotes, factorVaeFromVotes, varianceDdof1 } from "./factor-vae.js";
export { modularity, modularityFromMi, explicitness } from "./modularity.js";
export { rocAuc, macroRocAuc } from "./roc-auc.js";
export { gaussianTotalCorrelation, gaussianTcFromCodes, covariance } from "./gaussian-tc.js";
export { createMetricRng, uniformFactors, type SeededRng } from "./rng.js";
export {
  datasetSource,
  factorSource,
  encodeInBatches,
  type RepresentationSource,
  type EncodeFn,
} from "./sampling.js";
export {
  evaluateMetrics,
  evaluateWithSource,
  posteriorSource,
  resolveFactorSet,
  METRIC_NAMES,
  type EvaluateOptions,
} from "./evaluate.js";
export {
  evaluateSpecMetrics,
  periodicEvaluation,
  ALL_METRICS,
  type MetricRequest,
  type PeriodicEvaluation,
  type SpecMetricOptions,
} from "./spec-metrics.js";
export type { MigVariant } from "./run-context.js";
