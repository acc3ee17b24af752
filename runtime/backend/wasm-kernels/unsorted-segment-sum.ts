/**
 * `UnsortedSegmentSum` for the wasm backend (missing in tfjs-backend-wasm 4.22; it is the
 * gradient of `gather`).
 *
 * out[k, ...] = Σ_{i : segmentIds[i] = k} x[i, ...], ids outside [0, numSegments) are dropped
 * (TensorFlow semantics). Computed as a direct scatter-add on the host in float64 and rounded
 * once: O(|x|) work, unlike the O(numSegments·|x|) one-hot matrix product, and exact to
 * float32 rounding.
 */
import * as tf from "@tensorflow/tfjs";
import { sizeOf, type KernelArgs, type WasmBackendLike } from "./kernel-util.js";

/**
 * Kernel function. Inputs: x [L..., D...] (float32 or int32), segmentIds [L...] int32 whose
 * shape is a prefix of x's; attrs.numSegments. Output [numSegments, D...] of x's dtype.
 * Throws when segmentIds' shape is not a prefix of x's shape.
 */
export function unsortedSegmentSumWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const { numSegments } = (args.attrs ?? {}) as { numSegments: number };
  const x = inputs.x;
  const ids = inputs.segmentIds;
  if (x === undefined || ids === undefined)
    throw new Error("UnsortedSegmentSum: needs inputs x and segmentIds");
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(
      `UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`,
    );
  }
  const prefixOk = ids.shape.every((d, i) => x.shape[i] === d);
  if (!prefixOk) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${ids.shape.join(",")}] must be a prefix of x shape [${x.shape.join(",")}]`,
    );
  }
  const L = sizeOf(ids.shape);
  const inner = x.shape.slice(ids.shape.length);
  const D = sizeOf(inner);
  const idv = backend.readSync(ids.dataId) as Int32Array | Float32Array;
  const xv = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const acc = new Float64Array(numSegments * D);
  for (let i = 0; i < L; i++) {
    const k = Math.trunc(idv[i] as number);
    if (k < 0 || k >= numSegments) continue;
    const src = i * D;
    const dst = k * D;
    for (let j = 0; j < D; j++) acc[dst + j] = (acc[dst + j] as number) + (xv[src + j] as number);
  }
  const values = x.dtype === "int32" ? Int32Array.from(acc) : Float32Array.from(acc);
  return backend.makeOutput([numSegments, ...inner], x.dtype, undefined, values);
}

/** Kernel config (the wasm backend has no original to replace). */
export const unsortedSegmentSumConfig = {
  kernelName: "UnsortedSegmentSum",
  kernelFunc: unsortedSegmentSumWasm,
};
