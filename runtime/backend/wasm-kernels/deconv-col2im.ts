/**
 * Conv2DBackpropInput (= conv2dTranspose) with few output channels, as a GEMM and a col2im on
 * disc's SIMD kernels, for the case where the sub-pixel decomposition (conv2d-backprop-input.ts)
 * is slow: its phase convolutions then have Cin < 8 output channels, and XNNPACK's 8-wide
 * micro-kernels run mostly empty (the conv β-VAE's last deconv, 32 → 1 channel at 64×64:
 * ~10 ms for 67 MFLOP).
 *
 *   cols[(n, oh, ow), (i, j, ci)] = Σ_co dy[n, oh, ow, co] · W[i, j, ci, co]      (one XNNPACK GEMM)
 *   dx[n, s_h·oh + i − pad_top, s_w·ow + j − pad_left, ci] += cols[(n, oh, ow), (i, j, ci)]
 *
 * The col2im adds each filter row's kw·Cin taps into a zeroed canvas padded so that every window
 * fits, images split between this thread and the heap worker; dx is the canvas cropped.
 */
import type * as tf from "@tensorflow/tfjs";
import { heapWorkerFor } from "../heap-worker.js";
import { simdKernelsFor, splitSimdCalls, type SimdCall, type SimdKernels } from "../simd/index.js";
import { heapView, wasmMemoryOf, type ConvGeometry, type Scratch } from "./kernel-util.js";

/** Output channels below which XNNPACK's 8-wide phase convolutions waste most of their lanes. */
export const FEW_CHANNELS = 8;

/**
 * The SIMD kernels when the col2im path suits the transposed convolution `g` (dy [N, Ho, Wo,
 * Cout] → dx [N, H, W, Cin] with Cin < 8), else null.
 */
export function deconvCol2imKernels(s: Scratch, g: ConvGeometry): SimdKernels | null {
  return g.Cin < FEW_CHANNELS ? simdKernelsFor(wasmMemoryOf(s.backend)) : null;
}

/**
 * dx [N, H, W, Cin] of dy [N, Ho, Wo, Cout] (NHWC) and filter values `w` ([kh, kw, Cin, Cout],
 * host copy), as a new tracked tensor of `s`. Throws when dy is not float32.
 */
export function deconvCol2im(
  s: Scratch,
  simd: SimdKernels,
  dy: tf.TensorInfo,
  w: Float32Array,
  g: ConvGeometry,
): tf.TensorInfo {
  const { N, H, W, Cin, Ho, Wo, Cout, kh, kw, sh, sw, padTop, padLeft } = g;
  const T = kh * kw * Cin;
  // wt [Cout, T]: the filter with its (i, j, ci) taps as columns, so cols = dy · wt
  const wt = new Float32Array(Cout * T);
  for (let t = 0; t < T; t++) for (let co = 0; co < Cout; co++) wt[co * T + t] = w[t * Cout + co]!;
  const cols = s.run(
    "BatchMatMul",
    { a: s.reshape(dy, [1, N * Ho * Wo, Cout]), b: s.make([1, Cout, T], "float32", wt) },
    { transposeA: false, transposeB: false },
  ); // [1, N·Ho·Wo, T]
  // canvas rows/columns: every window, and dx shifted by the padding
  const Hc = Math.max(sh * (Ho - 1) + kh, H + padTop);
  const Wc = Math.max(sw * (Wo - 1) + kw, W + padLeft);
  const canvas = s.alloc([N, Hc, Wc, Cin], "float32");
  const dx = s.alloc([N, H, W, Cin], "float32");
  const at = (t: tf.TensorInfo) => heapView(s.backend, t, "float32").byteOffset;
  const [pc, pv, px] = [at(cols), at(canvas), at(dx)];
  const image = Hc * Wc * Cin * 4;
  const part = (n0: number, n1: number): SimdCall[] => [
    ["zero", pv + n0 * image, (n1 - n0) * image],
    [
      "col2im",
      pc + n0 * Ho * Wo * T * 4,
      pv + n0 * image,
      n1 - n0,
      Ho,
      Wo,
      kh,
      kw * Cin * 4,
      image,
      sh * Wc * Cin * 4,
      sw * Cin * 4,
      Wc * Cin * 4,
    ],
  ];
  const half = Math.floor(N / 2);
  const worker = half > 0 ? heapWorkerFor(wasmMemoryOf(s.backend)) : null;
  splitSimdCalls(simd, worker, part(0, half), part(half, N));
  for (let n = 0; n < N; n++) {
    simd.copy_blocks(
      pv + n * image + (padTop * Wc + padLeft) * Cin * 4,
      px + n * H * W * Cin * 4,
      H,
      Wc * Cin * 4,
      W * Cin * 4,
      1,
      0,
      0,
      W * Cin * 4,
    );
  }
  return dx;
}
