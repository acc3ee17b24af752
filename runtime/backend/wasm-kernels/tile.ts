/**
 * `Tile` for the wasm backend. The stock kernel computes every output element's source index
 * with per-element div/mod loops (~80 ns an element here): batch norm's gradient tiles its
 * [C] statistics to [B, H, W, C] in every layer, ~0.4 s of a 2.4 s InfoGAN step at batch 128.
 * Here each output block is built by copying contiguous rows once and then doubling them with
 * `copyWithin` (memcpy speed). float32 and int32 only; other dtypes go to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import {
  heapView,
  runWasmKernel,
  sizeOf,
  type KernelArgs,
  type WasmBackendLike,
} from "./kernel-util.js";

type Buf = Float32Array | Int32Array;

/**
 * Writes tile(src, reps) into dst. src has `shape` (row-major), dst has shape[i]·reps[i].
 * Recursive over dimensions: the block of dimension d is filled for one repetition, then
 * replicated reps[d] − 1 times.
 */
export function tileInto(src: Buf, dst: Buf, shape: readonly number[], reps: readonly number[]) {
  const rank = shape.length;
  const srcStride = new Array<number>(rank + 1).fill(1);
  const dstStride = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    srcStride[d] = srcStride[d + 1]! * shape[d]!;
    dstStride[d] = dstStride[d + 1]! * shape[d]! * reps[d]!;
  }
  const fill = (d: number, s: number, o: number): void => {
    const n = shape[d]!;
    const inner = dstStride[d + 1]!;
    if (d === rank - 1) dst.set(src.subarray(s, s + n), o);
    else for (let i = 0; i < n; i++) fill(d + 1, s + i * srcStride[d + 1]!, o + i * inner);
    const block = n * inner;
    const total = block * reps[d]!;
    // doubling copies: log2(reps) memcpy calls
    for (let done = block; done < total; done *= 2) {
      dst.copyWithin(o + done, o, o + Math.min(done, total - done));
    }
  };
  if (rank === 0) dst[0] = src[0]!;
  else fill(0, 0, 0);
}

/** Kernel function. Inputs: x; attrs.reps (one per dimension, ≥ 0). Output: x's dtype. */
export function tileWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = (args.attrs ?? {}) as { reps: number[] };
  const x = inputs.x;
  if (x === undefined) throw new Error("Tile: needs input x");
  const reps = attrs.reps;
  if (
    (x.dtype !== "float32" && x.dtype !== "int32") ||
    reps.length !== x.shape.length ||
    sizeOf(x.shape) === 0
  ) {
    return runWasmKernel(backend, "Tile", { x }, attrs as unknown as Record<string, unknown>);
  }
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (sizeOf(outShape) === 0) return out;
  const dtype = x.dtype;
  tileInto(heapView(backend, x, dtype), heapView(backend, out, dtype), x.shape, reps);
  return out;
}

/** Kernel config; registration keeps the original's setupFunc. */
export const tileConfig = {
  kernelName: "Tile",
  kernelFunc: tileWasm,
};
