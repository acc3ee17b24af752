/** Checkpoints in the tfjs layout, written atomically; file IO handlers for tfjs models. */
export {
  latestCheckpoint,
  loadWeightsInto,
  pruneCheckpoints,
  readCheckpointState,
  restoreCheckpoint,
  writeCheckpoint,
  type CheckpointHooks,
  type CheckpointParts,
} from "./checkpoint.js";
export {
  fileLoadHandler,
  fileSaveHandler,
  MODEL_JSON,
  readModelArtifacts,
  WEIGHTS_BIN,
} from "./file-handler.js";
export { fsyncDir, replaceFileAtomic, writeFileDurable } from "./fs-atomic.js";
export { faultPoint } from "./fault.js";
export { readState, verifyCheckpoint, STATE_JSON } from "./integrity.js";
export {
  checkpointFolders,
  cleanCheckpointLeftovers,
  recoverLatest,
  type ResumePoint,
} from "./recover.js";
export {
  loadTensors,
  restoreOptimizer,
  saveOptimizer,
  saveTensors,
  type NamedTensor,
} from "./tensor-bundle.js";
