/**
 * `Sum` and `Mean` for the wasm backend, fast path for reductions over the leading axes — the
 * bias gradient of every conv / dense layer (dy [B, H, W, C] summed to [C]) and batch norm's
 * statistics and gradients. The stock kernels first transpose the whole tensor so the reduced
 * axes are innermost (a full copy) and then reduce single-threaded. Here x is read in place on
 * the wasm heap as [N, C] and its rows are added into a float64 accumulator (one pass, no copy,
 * more accurate than float32 blocks) — on disc's SIMD `colsum` kernel over two threads where
 * the columns come in fours, else in JS. An earlier version used ones[1, N] × x[N, C] on
 * XNNPACK's GEMM: fast only when x was the same tensor as in the previous call, because the
 * GEMM packs its "weights" operand (x) anew for every new tensor — 16 ms for [128,14,14,64].
 * Every other reduction goes to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import {
  heapView,
  runWasmKernel,
  wasmMemoryOf,
  sizeOf,
  type KernelArgs,
  type WasmBackendLike,
} from "./kernel-util.js";
import { heapWorkerFor } from "../heap-worker.js";
import { simdKernelsFor, splitSimdCalls, type SimdKernels } from "../simd/index.js";

/** Below this many reduced elements the stock kernel is as fast. */
const MIN_ROWS = 256;
/** From this many rows the SIMD column sums are split over two threads. */
const MIN_PARALLEL_ROWS = 4096;

/**
 * Column sums of x viewed as [rows, cols], accumulated in float64, times `scale`, written to
 * out [cols]. Four rows per pass (fewer accumulator loads/stores).
 */
export function columnSums(
  x: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  scale: number,
): void {
  const acc = new Float64Array(cols);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    for (let c = 0; c < cols; c++) {
      acc[c] = acc[c]! + (x[b0 + c]! + x[b1 + c]! + (x[b2 + c]! + x[b3 + c]!));
    }
  }
  for (; r < rows; r++) {
    const b = r * cols;
    for (let c = 0; c < cols; c++) acc[c] = acc[c]! + x[b + c]!;
  }
  for (let c = 0; c < cols; c++) out[c] = acc[c]! * scale;
}

/**
 * `columnSums` on the SIMD `colsum` kernel (float64 accumulators as well, summed row by row),
 * the rows split between this thread and the heap worker; the two partial sums are added here.
 */
function columnSumsSimd(
  backend: WasmBackendLike,
  simd: SimdKernels,
  x: tf.TensorInfo,
  rows: number,
  cols: number,
  out: tf.TensorInfo,
  scale: number,
): void {
  const acc = backend.makeOutput([4 * cols], "float32"); // two float64 accumulators of [cols]
  try {
    const pa = heapView(backend, acc).byteOffset;
    const px = heapView(backend, x).byteOffset;
    simd.zero(pa, 16 * cols);
    const half = Math.floor(rows / 2);
    const worker = rows >= MIN_PARALLEL_ROWS ? heapWorkerFor(wasmMemoryOf(backend)) : null;
    splitSimdCalls(
      simd,
      worker,
      [["colsum", px, half, cols, pa]],
      [["colsum", px + half * cols * 4, rows - half, cols, pa + 8 * cols]],
    );
    const a = new Float64Array(heapView(backend, acc).buffer, pa, 2 * cols);
    const o = heapView(backend, out) as Float32Array;
    for (let c = 0; c < cols; c++) o[c] = (a[c]! + a[cols + c]!) * scale;
  } finally {
    backend.disposeData(acc.dataId);
  }
}

function reduceLeading(kernelName: "Sum" | "Mean", args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = (args.attrs ?? {}) as { axis: number | number[]; keepDims: boolean };
  const x = inputs.x;
  if (x === undefined) throw new Error(`${kernelName}: needs input x`);
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const k = axes.length;
  const leading = k > 0 && k < rank && axes.every((a, i) => a === i);
  const N = sizeOf(x.shape.slice(0, k));
  if (!leading || x.dtype !== "float32" || N < MIN_ROWS) {
    return runWasmKernel(backend, kernelName, { x }, attrs as unknown as Record<string, unknown>);
  }
  const rest = x.shape.slice(k);
  const C = sizeOf(rest);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
  const out = backend.makeOutput(outShape, "float32");
  const simd = C % 4 === 0 ? simdKernelsFor(wasmMemoryOf(backend)) : null;
  if (simd !== null) {
    columnSumsSimd(backend, simd, x, N, C, out, kernelName === "Mean" ? 1 / N : 1);
    return out;
  }
  columnSums(
    heapView(backend, x) as Float32Array,
    N,
    C,
    heapView(backend, out) as Float32Array,
    kernelName === "Mean" ? 1 / N : 1,
  );
  return out;
}

/**
 * Kernel functions. Inputs: x (any rank); attrs.axis (number | number[]), keepDims.
 * Output: float32, the reduced shape (TensorFlow semantics). Throws like the stock kernels on
 * an axis out of range.
 */
export function sumWasm(args: KernelArgs): tf.TensorInfo {
  return reduceLeading("Sum", args);
}
/** See `sumWasm`; the mean divides the float64 sum by N once. */
export function meanWasm(args: KernelArgs): tf.TensorInfo {
  return reduceLeading("Mean", args);
}

/** Kernel config; registration keeps the original's setupFunc (it wires the C entry point). */
export const sumConfig = {
  kernelName: "Sum",
  kernelFunc: sumWasm,
};

/** Kernel config of Mean. */
export const meanConfig = {
  kernelName: "Mean",
  kernelFunc: meanWasm,
};
