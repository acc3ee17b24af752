/**
 * Plain-JS kernels over float32 views of the wasm heap, shared by the main thread and the heap
 * worker (runtime/backend/heap-worker.ts builds its source from these functions' text, so each
 * must be self-contained: parameters and Math only, no module-level names).
 */
import type { SimdKernels } from "./simd/index.js";

/**
 * The Adam update over θ, m, v with gradient g (all [n]): m and v in place, the new θ into
 * `thOut` (may be `th` itself); returns Σ g² (unscaled).
 * Kingma & Ba 2015, Algorithm 1, tfjs form: m ← b1·m + (1−b1)·g', v ← b2·v + (1−b2)·g'²,
 * θ ← θ − a·m / (k·√v + eps) with g' = scale·g, a = lr/(1−β₁ᵗ), k = 1/√(1−β₂ᵗ); float64
 * arithmetic. A top-level function with only local numbers, so V8 keeps them in registers.
 */
export function adamKernel(
  th: Float32Array,
  thOut: Float32Array,
  m: Float32Array,
  s: Float32Array,
  g: Float32Array,
  scale: number,
  b1: number,
  b2: number,
  a: number,
  k: number,
  eps: number,
): number {
  const d1 = 1 - b1;
  const d2 = 1 - b2;
  const n = th.length;
  let sq = 0;
  for (let j = 0; j < n; j++) {
    const g0 = g[j]!;
    sq += g0 * g0;
    const gj = g0 * scale;
    const mj = b1 * m[j]! + d1 * gj;
    const sj = b2 * s[j]! + d2 * gj * gj;
    m[j] = mj;
    s[j] = sj;
    thOut[j] = th[j]! - (a * mj) / (k * Math.sqrt(sj) + eps);
  }
  return sq;
}

/** The SIMD Adam kernel (runtime/backend/simd/index.ts `SimdKernels.adam`). */
export type SimdAdam = SimdKernels["adam"];

/**
 * Adam over n elements whose θ, new θ, m, v, g start at float32 offsets th, out, m, v, g of the
 * heap `buf`: the SIMD kernel (when given) for the first 4·⌊n/4⌋ elements, adamKernel for the
 * rest. Returns Σ g². Self-contained apart from adamKernel (the heap worker has both).
 */
export function adamRange(
  simd: SimdAdam | null,
  buf: ArrayBufferLike,
  th: number,
  out: number,
  m: number,
  v: number,
  g: number,
  n: number,
  scale: number,
  b1: number,
  b2: number,
  a: number,
  k: number,
  eps: number,
): number {
  let sq = 0;
  let done = 0;
  if (simd !== null && n >= 4) {
    done = n - (n % 4);
    sq += simd(th * 4, out * 4, m * 4, v * 4, g * 4, done / 4, scale, b1, b2, a, k, eps);
  }
  if (done < n) {
    // (no local arrow functions here: the worker gets this function's text, and a transpiler
    // may wrap named arrows in a helper the worker lacks)
    const len = n - done;
    sq += adamKernel(
      new Float32Array(buf, (th + done) * 4, len),
      new Float32Array(buf, (out + done) * 4, len),
      new Float32Array(buf, (m + done) * 4, len),
      new Float32Array(buf, (v + done) * 4, len),
      new Float32Array(buf, (g + done) * 4, len),
      scale,
      b1,
      b2,
      a,
      k,
      eps,
    );
  }
  return sq;
}

/**
 * Rows [from, to) of a cache-blocked transpose: dst [C, R] ← srcᵀ for src [R, C], both row-major,
 * not overlapping. 64×64 tiles, four source rows a pass (each destination row then gets four
 * adjacent floats): 2.2 ns an element for [4096, 1200] on this machine, one thread, under load
 * (the wasm Transpose kernel: ~5 ns; XNNPACK's packing of a [K, N] weights operand: ~8 ns).
 */
export function transposeRows(
  src: Float32Array,
  dst: Float32Array,
  R: number,
  C: number,
  from: number,
  to: number,
): void {
  const tile = 64;
  for (let i0 = from; i0 < to; i0 += tile) {
    const i1 = Math.min(to, i0 + tile);
    for (let j0 = 0; j0 < C; j0 += tile) {
      const j1 = Math.min(C, j0 + tile);
      let i = i0;
      for (; i + 3 < i1; i += 4) {
        const r0 = i * C;
        const r1 = r0 + C;
        const r2 = r1 + C;
        const r3 = r2 + C;
        for (let j = j0; j < j1; j++) {
          const d = j * R + i;
          dst[d] = src[r0 + j]!;
          dst[d + 1] = src[r1 + j]!;
          dst[d + 2] = src[r2 + j]!;
          dst[d + 3] = src[r3 + j]!;
        }
      }
      for (; i < i1; i++) for (let j = j0; j < j1; j++) dst[j * R + i] = src[i * C + j]!;
    }
  }
}
