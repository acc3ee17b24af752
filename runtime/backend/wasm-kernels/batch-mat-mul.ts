/**
 * `BatchMatMul` for the wasm backend that always lands on XNNPACK's fast path
 * (no transposes, batch 1). The built-in takes a slow loop whenever transposeA/transposeB is
 * set or the batch is > 1, which makes an MLP VAE step ~3.8× slower (bench/kernels.ts).
 *
 * - transposes are materialised with the (fast) Transpose kernel first;
 * - a [B, M, K] × [1, K, N] product is reshaped to one [1, B·M, K] × [1, K, N] product;
 * - other batched products of sizable matrices loop over the batch with batch-1 products;
 *   small batched matrices (M·K·N < 200k multiply-adds) stay on the built-in, whose per-matrix
 *   overhead is lower (measured: 64×[16³] 0.3 ms built-in vs 12 ms looped; 8×[100³] 7 ms vs 1.7 ms).
 * - XNNPACK packs its second operand ("weights") anew for every new tensor (~8 ns an element,
 *   plus ~5 ns for a materialised transpose), while the first operand is streamed as is. When
 *   the second operand is the big one and stored transposed (transposeB), the product is
 *   computed transposed,
 *   C^T = op(B)^T · op(A)^T, so that the big matrix is streamed and the small one packed: the
 *   backward product dY · Wᵀ of a dense layer (transposeB) needs no transpose of W at all.
 *   [128,1024] × [6272,1024]ᵀ: 83 ms → 38 ms (InfoGAN's FC layer, bench notes).
 * - the dense forward product x · W (no transposes, ≤ 128 rows) runs on disc's SIMD gemm
 *   (matmul-simd.ts), which streams W as stored: neither packs nor transposes it.
 */
import * as tf from "@tensorflow/tfjs";
import { Scratch, sizeOf, type KernelArgs, type WasmBackendLike } from "./kernel-util.js";
import { matMulSimd, matMulSimdKernels } from "./matmul-simd.js";
import { transpose2d } from "./transpose-2d.js";

/** Below this many multiply-adds per batch entry the built-in batched loop is used. */
const LOOP_MIN_WORK = 200_000;
/**
 * Measured costs (ns per element) of a transpose (the JS blocked one of transpose-2d.ts for a
 * single matrix: 2.2 measured, the wasm Transpose kernel ~5) and of XNNPACK's weight packing.
 */
const T_NS = 2.5;
const PACK_NS = 8;

/**
 * For one [M,K] × op(B) product: true when the transposed form C^T = op(B)^T · op(A)^T is
 * cheaper — it streams op(B)^T (b itself with transposeB, else b transposed once), transposes a
 * unless transposeA, packs the [K, M] operand and transposes the [N, M] result — than packing
 * op(B) as [K, N] (transposed first with transposeB).
 */
export function transposedProductIsCheaper(
  M: number,
  K: number,
  N: number,
  transposeA: boolean,
  transposeB = true,
): boolean {
  // direct: op(A) streamed (transposed first if tA), op(B) = [K, N] packed (transposed first if tB)
  const direct =
    (transposeA ? T_NS * M * K : 0) + (transposeB ? T_NS * N * K : 0) + PACK_NS * K * N;
  // swapped: B as [N, K] streamed (transposed first unless tB), op(A)ᵀ [K, M] packed, Cᵀ transposed
  const swapped =
    (transposeB ? 0 : T_NS * N * K) +
    (transposeA ? 0 : T_NS * M * K) +
    PACK_NS * K * M +
    T_NS * M * N;
  return swapped < 0.8 * direct;
}

function swapLastTwo(s: Scratch, t: tf.TensorInfo): tf.TensorInfo {
  const r = t.shape.length;
  if (sizeOf(t.shape.slice(0, -2)) === 1 && r >= 2) {
    const rows = t.shape[r - 2]!;
    const cols = t.shape[r - 1]!;
    return s.reshape(transpose2d(s, t, rows, cols), [...t.shape.slice(0, -2), cols, rows]);
  }
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return s.run("Transpose", { x: t }, { perm });
}

/**
 * Kernel function. Inputs a [..., M, K] (or [..., K, M] with transposeA), b [..., K, N]
 * (or [..., N, K] with transposeB), float32; output [...broadcast batch, M, N].
 * Throws (like the built-in) on non-float32 input or mismatched inner dimensions.
 */
export function batchMatMulWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const a0 = inputs.a;
  const b0 = inputs.b;
  if (a0 === undefined || b0 === undefined) throw new Error("BatchMatMul: needs inputs a and b");
  if (a0.dtype !== "float32" || b0.dtype !== "float32") {
    throw new Error(`BatchMatMul on wasm supports float32 only (got ${a0.dtype}, ${b0.dtype})`);
  }
  const s = new Scratch(backend);
  try {
    const r = (t: tf.TensorInfo, i: number) => t.shape[t.shape.length - i] ?? 1;
    const [M, K] = attrs.transposeA ? [r(a0, 1), r(a0, 2)] : [r(a0, 2), r(a0, 1)];
    const [K2, N] = attrs.transposeB ? [r(b0, 1), r(b0, 2)] : [r(b0, 2), r(b0, 1)];
    if (K !== K2) {
      throw new Error(
        `Error in matMul: inner shapes (${K}) and (${K2}) of Tensors with shapes ` +
          `${a0.shape} and ${b0.shape} and transposeA=${attrs.transposeA} and transposeB=${attrs.transposeB} must match.`,
      );
    }
    const outer = tf.backend_util.assertAndGetBroadcastShape(
      a0.shape.slice(0, -2),
      b0.shape.slice(0, -2),
    );
    const outShape = [...outer, M, N];
    const batchA = sizeOf(a0.shape.slice(0, -2));
    const batchB = sizeOf(b0.shape.slice(0, -2));
    const batch = sizeOf(outer);
    const plain = (x: tf.TensorInfo, y: tf.TensorInfo) =>
      s.run("BatchMatMul", { a: x, b: y }, { transposeA: false, transposeB: false });
    const simpleBroadcast =
      (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
    const oneProduct = batch === 1 || (batchB === 1 && batchA === batch);

    let out: tf.TensorInfo;
    if (!oneProduct && (M * K * N < LOOP_MIN_WORK || !simpleBroadcast)) {
      // Small batched matrices: the built-in's own loop has the lowest per-matrix cost.
      out = s.run(
        "BatchMatMul",
        { a: a0, b: b0 },
        { transposeA: attrs.transposeA, transposeB: attrs.transposeB },
      );
    } else {
      const tA = attrs.transposeA === true;
      const tB = attrs.transposeB === true;
      const rows = batchA * M;
      // x · W with W as stored (the dense forward product): disc's SIMD kernel streams W
      const simd =
        oneProduct && batchB === 1 && !tA && !tB ? matMulSimdKernels(s, rows, K, N) : null;
      if (simd !== null)
        return s.keep(s.reshape(matMulSimd(s, simd, a0, b0, rows, K, N), outShape));
      if (
        oneProduct &&
        batchB === 1 &&
        (batchA === 1 || !tA) &&
        transposedProductIsCheaper(rows, K, N, tA, tB)
      ) {
        // C^T [N, rows] = op(B)^T [N, K] · op(A)^T [K, rows]; op(B)^T is b itself with tB, else
        // b transposed once in JS (2.5 ns an element), cheaper than XNNPACK packing b (8 ns):
        // XNNPACK re-packs its weights operand on every call, as the reshaped b gets a new id.
        const bT = tB ? s.reshape(b0, [1, N, K]) : transpose2d(s, b0, K, N);
        const aT = tA ? s.reshape(a0, [1, K, rows]) : swapLastTwo(s, s.reshape(a0, [1, rows, K]));
        const cT = plain(bT, aT);
        return s.keep(s.reshape(swapLastTwo(s, cT), outShape));
      }
      const a = tA ? swapLastTwo(s, a0) : a0;
      const b = tB ? swapLastTwo(s, b0) : b0;
      if (oneProduct) {
        // One big product: [1, batch·M, K] × [1, K, N].
        out = s.reshape(plain(s.reshape(a, [1, batchA * M, K]), s.reshape(b, [1, K, N])), outShape);
      } else {
        const a3 = s.reshape(a, [batchA, M, K]);
        const b3 = s.reshape(b, [batchB, K, N]);
        const parts: tf.TensorInfo[] = [];
        for (let i = 0; i < batch; i++) {
          const ai =
            batchA === 1 ? a3 : s.run("Slice", { x: a3 }, { begin: [i, 0, 0], size: [1, M, K] });
          const bi =
            batchB === 1 ? b3 : s.run("Slice", { x: b3 }, { begin: [i, 0, 0], size: [1, K, N] });
          parts.push(plain(ai, bi));
        }
        out = s.reshape(s.run("Concat", parts, { axis: 0 }), outShape);
      }
    }
    return s.keep(out);
  } finally {
    s.dispose();
  }
}

/** Kernel config; registration keeps the original's setupFunc (it wires the C entry point). */
export const batchMatMulConfig = {
  kernelName: "BatchMatMul",
  kernelFunc: batchMatMulWasm,
};
