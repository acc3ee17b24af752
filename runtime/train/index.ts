/** The training runtime: the loop the generated trainer calls, its step, progress output. */
export {
  runTraining,
  trainableVariables,
  type LogRecord,
  type RunOptions,
  type RunResult,
  type TrainerSpec,
} from "./loop.js";
export {
  clipByGlobalNorm,
  contextTensors,
  disposeContext,
  trainStep,
  type LossFn,
  type StepResult,
} from "./step.js";
export { formatDuration, formatValue, Progress } from "./progress.js";
export { appendMetrics, truncateMetrics } from "./metrics-file.js";
export {
  abortReason,
  interruptExitCode,
  isTrainingInterrupted,
  TrainingInterrupted,
  watchInterrupts,
  type InterruptReason,
  type InterruptWatch,
} from "./interrupt.js";
