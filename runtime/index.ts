/**
 * `disc/runtime` — the public runtime API that generated trainers import: backends, data,
 * the training loop, network helpers, evaluation and pictures.
 */
export { selectBackend, type BackendName, type SelectedBackend } from "./backend/select.js";
export {
  createBatchStream,
  createRng,
  loadDataset,
  observationsFromFactors,
  sampleFactors,
  type Batch,
  type BatchStream,
  type Dataset,
  type Rng,
} from "./data/index.js";
export {
  runTraining,
  trainableVariables,
  interruptExitCode,
  isTrainingInterrupted,
  TrainingInterrupted,
  type InterruptReason,
  type LogRecord,
  type RunOptions,
  type RunResult,
  type TrainerSpec,
} from "./train/index.js";
export {
  GaussianParams,
  reparameterize,
  splitGaussian,
  trunkModel,
  withGaussianHead,
} from "./nn/index.js";
export {
  concatFeatures,
  createTermState,
  labels,
  runIfMain,
  type TrainOptions,
} from "./program.js";
export { finishRun, type FinishRunOptions } from "./finish-run.js";
export type { ModelIR, EvaluateIR } from "../compiler/ir/types.js";
export { loadRun, arrayCodec, type LoadedRun, type TrainerModule } from "./load-run.js";
export {
  EDITED_FROM,
  loadResolvedSpec,
  withHyperparameters,
  type NetworkShapes,
  type TrainerHyperparameters,
} from "./resolved-spec.js";
export {
  evaluateSpecMetrics,
  periodicEvaluation,
  ALL_METRICS,
  METRIC_NAMES,
  type MetricRequest,
  type PeriodicEvaluation,
} from "./metrics/index.js";
export { writeReport, traversalGrid, traversalGif, klPerLatent, orderByKl } from "./viz/index.js";
export {
  CausalScm,
  causalInverse,
  createScm,
  gaussJordanInverse,
  interventionGrid,
  neumannCausalInverse,
  PENDULUM_TRUE_EDGES,
  structuralHammingDistance,
  thresholdEdges,
  type ScmInit,
  type ScmOptions,
  type ScmPass,
} from "./causal/index.js";
export {
  ganParameterSets,
  ganRouting,
  type GanParameterSets,
  type GanRouting,
  type GanParamSet,
  type InfoRouting,
} from "./train/gan-routing.js";
export {
  finishGanRun,
  codeClassifierAccuracy,
  type FinishGanRunOptions,
  type GanInputSlot,
} from "./train/gan-finish.js";
export { categoricalCodeAccuracy, bestAssignment, confusionCounts } from "./train/gan-accuracy.js";
export {
  infoganFigure,
  infoganFigureInputs,
  type InfoganFigureOptions,
} from "./viz/infogan-figure.js";
export type { TrainPhase } from "./train/loop.js";
export {
  alphaBars,
  ddimEncode,
  ddimSample,
  ddimTimesteps,
  edmDenoised,
  edmNoising,
  edmSample,
  linearNoising,
  toUnitRange,
  type EdmNoising,
  type EpsFn,
  type LinearNoising,
} from "./diffusion/index.js";
