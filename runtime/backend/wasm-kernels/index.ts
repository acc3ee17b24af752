/**
 * The wasm kernel pack: kernels that tfjs-backend-wasm 4.22 lacks, gets wrong, or runs on a
 * slow path, measured by running forward+backward of the conv β-VAE and the MLP VAE
 * (bench/kernels.ts). Kernels are composed from the backend's own kernel functions and, on the
 * threaded build, disc's SIMD kernels (runtime/backend/simd/; DISC_SIMD=0 leaves them out).
 *
 * | kernel               | problem on stock wasm             | fix                               |
 * |----------------------|-----------------------------------|-----------------------------------|
 * | Conv2DBackpropFilter | missing                           | SIMD Aᵀ·B over windows of x       |
 * |                      |                                   | (else dilated Conv2D, transposes) |
 * | Conv2DBackpropInput  | plain C loop (5–6× slower)        | sub-pixel decomposition; < 8      |
 * |                      |                                   | channels: GEMM + SIMD col2im      |
 * | BatchMatMul          | slow path with transposes/batch>1 | transpose first, batch-1 products;|
 * |                      |                                   | x·W (≤ 128 rows) on SIMD gemm     |
 * | UnsortedSegmentSum   | missing (gradient of gather)      | host scatter-add                  |
 * | OneHot               | ignores dtype                     | int32 + Cast                      |
 * | Sum, Mean (leading)  | full transpose + 1-thread sum     | SIMD column sums, float64, 2 thr. |
 * | Tile                 | per-element index arithmetic      | row copies + doubling copyWithin  |
 * | Identity             | copies (tfjs clones saved inputs) | shares the buffer (refcount)      |
 * | Cast (same dtype)    | copies                            | shares the buffer (refcount)      |
 * | Relu gradient        | Step, Cast, Multiply (3 passes)   | one SIMD pass (DiscReluGrad)      |
 */
import * as tf from "@tensorflow/tfjs";
import { batchMatMulConfig } from "./batch-mat-mul.js";
import { conv2DBackpropFilterConfig } from "./conv2d-backprop-filter.js";
import { conv2DBackpropInputConfig } from "./conv2d-backprop-input.js";
import { castConfig, identityConfig } from "./identity.js";
import { rememberOriginal } from "./kernel-util.js";
import { oneHotConfig } from "./one-hot.js";
import { meanConfig, sumConfig } from "./sum.js";
import { installReluGradient } from "./relu-grad.js";
import { tileConfig } from "./tile.js";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum.js";

/** A kernel of the pack: name and function (the backend is always "wasm"). */
export interface PackKernel {
  kernelName: string;
  kernelFunc: (args: never) => tf.TensorInfo;
}

/** Every kernel in the pack, in registration order. */
export const WASM_KERNEL_PACK: readonly PackKernel[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  batchMatMulConfig,
  unsortedSegmentSumConfig,
  oneHotConfig,
  sumConfig,
  meanConfig,
  tileConfig,
  identityConfig,
  castConfig,
];

const installed = new Set<string>();

/**
 * Registers the pack on the "wasm" backend. For a kernel the backend already has, the
 * original config is remembered (the pack calls it for its fast path), unregistered, and the
 * replacement registered with the original's `setupFunc` so the C entry points still get wired
 * when the backend initialises. Idempotent: a second call changes nothing.
 * Call before `tf.setBackend("wasm")` (setup functions run at backend activation); calling it
 * afterwards also works because the originals' setup already ran.
 * Returns the names of the kernels of the pack.
 */
export function registerWasmKernels(): string[] {
  installReluGradient();
  for (const k of WASM_KERNEL_PACK) {
    const current = tf.getKernel(k.kernelName, "wasm");
    if (installed.has(k.kernelName) && current?.kernelFunc === (k.kernelFunc as unknown)) continue;
    if (current !== undefined) {
      rememberOriginal(k.kernelName, current);
      tf.unregisterKernel(k.kernelName, "wasm");
    }
    const config: tf.KernelConfig = {
      kernelName: k.kernelName,
      backendName: "wasm",
      kernelFunc: k.kernelFunc as unknown as tf.KernelFunc,
    };
    if (current?.setupFunc !== undefined) config.setupFunc = current.setupFunc;
    tf.registerKernel(config);
    installed.add(k.kernelName);
  }
  return WASM_KERNEL_PACK.map((k) => k.kernelName);
}

/** True when every kernel of the pack is the one registered on "wasm". */
export function wasmKernelsInstalled(): boolean {
  return WASM_KERNEL_PACK.every(
    (k) => tf.getKernel(k.kernelName, "wasm")?.kernelFunc === (k.kernelFunc as unknown),
  );
}
