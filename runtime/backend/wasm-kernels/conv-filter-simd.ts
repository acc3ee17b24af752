/**
 * Conv2DBackpropFilter on disc's SIMD kernel (simd/kernels.wat `gemm_tn`), without XNNPACK:
 *
 *   dW[i, j, ci, co] = Σ_{n, oh, ow} x[n, s_h·oh + i − pad_top, s_w·ow + j − pad_left, ci] · dy[n, oh, ow, co]
 *
 * In NHWC the kw·Cin values x[n, row, s_w·ow − pad_left + (0 … kw−1), :] are contiguous, so for one
 * filter row i, dW[i] (a [kw·Cin, Cout] block of the [kh, kw, Cin, Cout] result) is one product
 * Aᵀ·B whose rows A(n, oh, ow) are those windows of x (stride s_w·Cin along ow) and B(n, oh, ow)
 * the rows of dy; output rows oh whose input row falls in the padding are skipped, and x is
 * copied once with zero columns left and right so every window is in bounds. No transposes, no
 * im2col, no packing (XNNPACK's path packs dy, ~8 ns an element): the filter rows are split
 * between this thread and the heap worker. Measured in bench/NOTES.md §6.
 */
import type * as tf from "@tensorflow/tfjs";
import { heapWorkerFor } from "../heap-worker.js";
import { simdKernelsFor, splitSimdCalls, type SimdCall, type SimdKernels } from "../simd/index.js";
import { heapView, wasmMemoryOf, type ConvGeometry, type Scratch } from "./kernel-util.js";

/** The SIMD kernels when this geometry fits them (kw·Cin a multiple of 4, Cout of 8), else null. */
export function filterGradSimdKernels(s: Scratch, g: ConvGeometry): SimdKernels | null {
  if ((g.kw * g.Cin) % 4 !== 0 || g.Cout % 8 !== 0) return null;
  return simdKernelsFor(wasmMemoryOf(s.backend));
}

/**
 * dW [kh, kw, Cin, Cout] of x [N, H, W, Cin] and dy [N, Ho, Wo, Cout] (float32 NHWC tensors on
 * the wasm heap), as a new tracked tensor of `s`. Throws when a buffer is not float32.
 */
export function filterGradSimd(
  s: Scratch,
  simd: SimdKernels,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
): tf.TensorInfo {
  const { N, H, W, Cin, Ho, Wo, Cout, kh, kw, sh, sw, padTop, padLeft } = g;
  // Columns of zeros so that every window [s_w·ow − padLeft, … + kw) is inside the copy.
  const padRight = Math.max(0, sw * (Wo - 1) + kw - padLeft - W);
  const Wp = W + padLeft + padRight;
  const out = s.alloc([kh, kw, Cin, Cout], "float32");
  const xp = padLeft === 0 && padRight === 0 ? x : s.alloc([N, H, Wp, Cin], "float32");
  const at = (t: tf.TensorInfo) => heapView(s.backend, t, "float32").byteOffset;
  const [xa, dya, outa] = [at(xp), at(dy), at(out)];
  const worker = heapWorkerFor(wasmMemoryOf(s.backend));
  if (xp !== x) {
    // the padded copy, its rows split between the two threads
    const pad = (r0: number, r1: number): SimdCall => [
      "pad_rows",
      at(x) + r0 * W * Cin * 4,
      xa + r0 * Wp * Cin * 4,
      r1 - r0,
      W * Cin * 4,
      padLeft * Cin * 4,
      padRight * Cin * 4,
    ];
    const half = Math.floor((N * H) / 2);
    splitSimdCalls(simd, worker, [pad(0, half)], [pad(half, N * H)]);
  }
  const M = kw * Cin;
  const call = (i: number): SimdCall => {
    // output rows whose input row s_h·oh + i − padTop lies inside the image
    const lo = Math.max(0, Math.ceil((padTop - i) / sh));
    const hi = Math.min(Ho, Math.floor((H - 1 + padTop - i) / sh) + 1);
    const Q = Math.max(0, hi - lo);
    const row0 = Math.min(H - 1, Math.max(0, sh * lo + i - padTop));
    return [
      "gemm_tn",
      xa + row0 * Wp * Cin * 4,
      dya + lo * Wo * Cout * 4,
      outa + i * M * Cout * 4,
      Cout * 4,
      Cout,
      0,
      M,
      0,
      N,
      H * Wp * Cin * 4,
      Ho * Wo * Cout * 4,
      Q,
      sh * Wp * Cin * 4,
      Wo * Cout * 4,
      Wo,
      sw * Cin * 4,
      Cout * 4,
    ];
  };
  const calls = Array.from({ length: kh }, (_, i) => call(i));
  const half = Math.ceil(kh / 2);
  splitSimdCalls(simd, worker, calls.slice(0, half), calls.slice(half));
  return out;
}
