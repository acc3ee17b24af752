/**
 * Compute backends: selection (`selectBackend`), the wasm kernel pack, opt-in wasm threads,
 * and the probe models used to benchmark / self-check a backend.
 */
export { selectBackend, TENSORFLOW_INSTALL_HELP } from "./select.js";
export type { BackendName, SelectOptions, SelectedBackend } from "./select.js";
export {
  registerWasmKernels,
  wasmKernelsInstalled,
  WASM_KERNEL_PACK,
} from "./wasm-kernels/index.js";
export { convBetaVae, mlpVae, adamStep } from "./probe-models.js";
export type { ProbeModel } from "./probe-models.js";
export { defaultWasmThreads } from "./select.js";
export { canFuseAdam, fusedAdamStep } from "./fused-adam.js";
export {
  guardMalloc,
  installWasmOomGuard,
  isWasmOutOfMemory,
  wasmHeapBytes,
  WasmOutOfMemoryError,
  WASM_HEAP_LIMIT,
} from "./memory.js";
export { mssLogWeights, totalCorrelationMss } from "./probe-models.js";
