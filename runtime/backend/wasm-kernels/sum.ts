/**
 * `Sum` for the wasm backend, fast path for reductions over the leading axes — the bias
 * gradient of every conv / dense layer (dy [B, H, W, C] summed to [C]). The stock kernel first
 * transposes the whole tensor so the reduced axes are innermost (a full copy) and then sums
 * single-threaded; here the sum is a product ones[1, N] × x[N, C] on XNNPACK's threaded GEMM,
 * with no copy (x is only re-viewed as [1, N, C]). Every other reduction goes to the stock kernel.
 * Accuracy: float32 accumulation in blocks, like the stock kernel (checked against cpu).
 */
import * as tf from "@tensorflow/tfjs";
import {
  runWasmKernel,
  Scratch,
  sizeOf,
  type KernelArgs,
  type WasmBackendLike,
} from "./kernel-util.js";

/** Below this many reduced elements the stock kernel is as fast. */
const MIN_ROWS = 256;

/**
 * Kernel function. Inputs: x (any rank); attrs.axis (number | number[]), keepDims.
 * Output: x's dtype, the reduced shape (TensorFlow semantics). Throws like the stock kernel on
 * an axis out of range.
 */
export function sumWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = (args.attrs ?? {}) as { axis: number | number[]; keepDims: boolean };
  const x = inputs.x;
  if (x === undefined) throw new Error("Sum: needs input x");
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const k = axes.length;
  const leading = k > 0 && k < rank && axes.every((a, i) => a === i);
  const N = sizeOf(x.shape.slice(0, k));
  if (!leading || x.dtype !== "float32" || N < MIN_ROWS) {
    return runWasmKernel(backend, "Sum", { x }, attrs as unknown as Record<string, unknown>);
  }
  const rest = x.shape.slice(k);
  const C = sizeOf(rest);
  const s = new Scratch(backend);
  try {
    const ones = s.make([1, 1, N], "float32", new Float32Array(N).fill(1));
    const x3 = s.reshape(x, [1, N, C]);
    const prod = s.run("BatchMatMul", { a: ones, b: x3 }, { transposeA: false, transposeB: false });
    const outShape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
    return s.keep(s.reshape(prod, outShape));
  } finally {
    s.dispose();
  }
}

/** Kernel config; registration keeps the original's setupFunc (it wires the C entry point). */
export const sumConfig = {
  kernelName: "Sum",
  kernelFunc: sumWasm,
};
