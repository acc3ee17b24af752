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
  type LogRecord,
  type RunOptions,
  type RunResult,
  type TrainerSpec,
} from "./train/index.js";
export { GaussianParams, reparameterize, splitGaussian, trunkModel, withGaussianHead } from "./nn/index.js";
export { concatFeatures, createTermState, labels, runIfMain, type TrainOptions } from "./program.js";
export { finishRun, type FinishRunOptions } from "./finish-run.js";
export type { ModelIR, EvaluateIR } from "../compiler/ir/types.js";
