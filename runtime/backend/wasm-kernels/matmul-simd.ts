/**
 * The dense forward product x · W ([rows, K] × [K, N], W a fresh weight matrix every step) on
 * disc's SIMD kernel (simd/kernels.wat `gemm_tn`) instead of XNNPACK: C = Σ_k xᵀ[k, :] ⊗ W[k, :]
 * streams W's rows as they are. XNNPACK must either pack W (~8 ns an element, every step: its
 * packed-weights cache is keyed by tensor id) or, in the swapped form (Wᵀ · xᵀ)ᵀ, get Wᵀ from a
 * transpose (~2.2 ns an element); here only the small x is transposed. K runs in chunks of
 * KC rows so that W's chunk stays in cache while every 4×8 block of C passes over it; the rows
 * of C are split between this thread and the heap worker. Measured in bench/NOTES.md §6.
 */
import type * as tf from "@tensorflow/tfjs";
import { heapWorkerFor } from "../heap-worker.js";
import { simdKernelsFor, splitSimdCalls, type SimdCall, type SimdKernels } from "../simd/index.js";
import { heapView, wasmMemoryOf, type Scratch } from "./kernel-util.js";
import { transpose2d } from "./transpose-2d.js";

/**
 * Rows of W per chunk (KC·N floats, reused by every 4-row block of C while in cache). Measured
 * on the MLP VAE's products, batch 64: 32 is best or within noise of it for N = 1024–4096.
 */
const KC = 32;
/**
 * Columns of C per panel (a multiple of 8): a panel of C (rows × NC) and W's chunk (KC × NC)
 * stay in a core's L2 together; [64, 1200] · [1200, 4096] as one panel thrashed it.
 */
const NC = 1024;
/** Below this many multiply-adds XNNPACK's path is as fast (fewer, cheaper calls). */
const MIN_WORK = 1 << 20;
/**
 * Above this many rows XNNPACK's own GEMM wins: packing W costs ~8 ns an element once, the
 * product ~2·rows multiply-adds per element of W (x [rows, 1024] · W [1024, 1024]: tie at 128
 * rows, XNNPACK 1.4× faster at 512).
 */
const MAX_ROWS = 128;

/** The SIMD kernels when [rows, K] × [K, N] suits them (rows % 4, N % 8, rows ≤ 128, work), else null. */
export function matMulSimdKernels(
  s: Scratch,
  rows: number,
  K: number,
  N: number,
): SimdKernels | null {
  if (rows % 4 !== 0 || N % 8 !== 0 || rows > MAX_ROWS || rows * K * N < MIN_WORK) return null;
  return simdKernelsFor(wasmMemoryOf(s.backend));
}

/**
 * a [rows, K] · b [K, N] (float32 row-major tensors on the wasm heap, any leading shape with
 * those sizes) → a new tracked [rows, N] tensor of `s`. Throws when a buffer is not float32.
 */
export function matMulSimd(
  s: Scratch,
  simd: SimdKernels,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  rows: number,
  K: number,
  N: number,
): tf.TensorInfo {
  const aT = transpose2d(s, a, rows, K); // [K, rows]: row k holds x[:, k]
  const out = s.alloc([rows, N], "float32");
  const at = (t: tf.TensorInfo) => heapView(s.backend, t, "float32").byteOffset;
  const [pa, pb, pc] = [at(aT), at(b), at(out)];
  const full = Math.floor(K / KC);
  const rest = K - full * KC;
  // [name, ...arguments] of the gemm_tn calls for C's rows [m0, m1): column panels of ≤ NC,
  // each summed over K in chunks of KC rows
  const calls = (m0: number, m1: number): SimdCall[] => {
    const c: SimdCall[] = [];
    for (let n0 = 0; n0 < N; n0 += NC) {
      const cols = Math.min(NC, N - n0);
      const chunk = (k0: number, P: number, R: number, acc: number) => {
        c.push([
          "gemm_tn",
          pa + k0 * rows * 4,
          pb + (k0 * N + n0) * 4,
          pc + n0 * 4,
          N * 4,
          cols,
          m0,
          m1,
          acc,
          P,
          R * rows * 4,
          R * N * 4,
          1,
          0,
          0,
          R,
          rows * 4,
          N * 4,
        ]);
      };
      if (full > 0) chunk(0, full, KC, 0);
      if (rest > 0) chunk(full * KC, 1, rest, full > 0 ? 1 : 0);
    }
    return c;
  };
  const half = 4 * Math.floor(rows / 8);
  const worker = half > 0 ? heapWorkerFor(wasmMemoryOf(s.backend)) : null;
  splitSimdCalls(simd, worker, calls(0, half), calls(half, rows));
  return out;
}
