/**
 * A transpose of one row-major float32 matrix on the wasm heap with the JS blocked kernel
 * (runtime/backend/js-kernels.ts transposeRows: 2.2 ns an element on one thread, against ~5 ns
 * for the wasm Transpose kernel and ~8 ns for XNNPACK's packing of a weights operand), split
 * over the heap worker's second thread when the matrix is large (bench/NOTES.md §5).
 */
import type * as tf from "@tensorflow/tfjs";
import { heapWorkerFor } from "../heap-worker.js";
import { transposeRows } from "../js-kernels.js";
import { heapView, wasmMemoryOf, type Scratch } from "./kernel-util.js";

/** From this many elements on, the transpose is split over two threads. */
export const PARALLEL_TRANSPOSE_MIN = 1 << 18;

/** dst [C, R] ← srcᵀ for src [R, C], both row-major; dst must not overlap src. One thread. */
export function transposeInto(src: Float32Array, dst: Float32Array, R: number, C: number): void {
  if (src.length < R * C || dst.length < R * C)
    throw new Error(`transpose: buffers of ${src.length} / ${dst.length} for [${R}, ${C}]`);
  transposeRows(src, dst, R, C, 0, R);
}

/**
 * x viewed as [R, C] (float32, R·C elements) → a new tracked [1, C, R] tensor holding xᵀ.
 * Throws when x is not a float32 wasm buffer of R·C elements.
 */
export function transpose2d(s: Scratch, x: tf.TensorInfo, R: number, C: number): tf.TensorInfo {
  const out = s.alloc([1, C, R], "float32");
  // views after the allocation: makeOutput may grow (and so detach) the heap
  const src = heapView(s.backend, x, "float32") as Float32Array;
  const dst = heapView(s.backend, out, "float32") as Float32Array;
  if (src.length !== R * C)
    throw new Error(`transpose: a tensor of ${src.length} elements is not [${R}, ${C}]`);
  const memory = wasmMemoryOf(s.backend);
  const worker = R * C >= PARALLEL_TRANSPOSE_MIN && R >= 8 ? heapWorkerFor(memory) : null;
  if (worker === null) transposeRows(src, dst, R, C, 0, R);
  else worker.transpose(src.byteOffset / 4, dst.byteOffset / 4, R, C);
  return out;
}
