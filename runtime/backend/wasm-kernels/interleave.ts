/**
 * The last step of the sub-pixel Conv2DBackpropInput (conv2d-backprop-input.ts): the s_h·s_w
 * phase outputs, each [N, Yh, Yw, C] with its own crop, written straight into their interleaved
 * places dx[n, a_h·s_h + r_h, a_w·s_w + r_w, :] of the [N, H, W, C] result — one pass of
 * C-float block copies instead of a Concat, two Transposes and up to five Slices: disc's SIMD
 * `copy_blocks` where available (the JS loop wrote the shared heap at ~2.5 ns a float: 5–9 ms for
 * the conv β-VAE's [64, 32, 32, 32] outputs), else JS.
 */
import type { SimdKernels } from "../simd/index.js";

/** One phase: its output (null: no filter tap reaches it, zeros) and where it goes. */
export interface PhaseOutput {
  /** [N, Yh, Yw, C] float32 view, or null for an all-zero phase. */
  readonly data: Float32Array | null;
  readonly yh: number;
  readonly yw: number;
  /** Rows / columns to skip at the start of the phase output. */
  readonly cropH: number;
  readonly cropW: number;
  /** The output phase (r_h, r_w): dx rows a·s_h + r_h, columns a·s_w + r_w. */
  readonly rh: number;
  readonly rw: number;
}

/**
 * dst [N, H, W, C] ← the phases interleaved with strides (sh, sw). Every element of dst is
 * written exactly once when the phases cover all (r_h, r_w) ∈ [0, sh) × [0, sw). Throws when a
 * phase output is too small for its crop.
 */
export function interleavePhases(
  dst: Float32Array,
  phases: readonly PhaseOutput[],
  N: number,
  H: number,
  W: number,
  C: number,
  sh: number,
  sw: number,
  simd: SimdKernels | null = null,
): void {
  for (const p of phases) {
    const rows = Math.ceil((H - p.rh) / sh);
    const cols = Math.ceil((W - p.rw) / sw);
    if (p.data !== null && (p.cropH + rows > p.yh || p.cropW + cols > p.yw))
      throw new Error(
        `interleave: phase (${p.rh}, ${p.rw}) output ${p.yh}×${p.yw} is too small for ${rows}×${cols} from (${p.cropH}, ${p.cropW})`,
      );
    const src = p.data;
    const colStep = sw * C;
    if (simd !== null && src !== null) {
      for (let n = 0; n < N; n++) {
        const d = ((n * H + p.rh) * W + p.rw) * C;
        const s = ((n * p.yh + p.cropH) * p.yw + p.cropW) * C;
        simd.copy_blocks(
          src.byteOffset + 4 * s,
          dst.byteOffset + 4 * d,
          rows,
          4 * p.yw * C,
          4 * sh * W * C,
          cols,
          4 * C,
          4 * colStep,
          4 * C,
        );
      }
      continue;
    }
    for (let n = 0; n < N; n++) {
      for (let a = 0; a < rows; a++) {
        let d = ((n * H + a * sh + p.rh) * W + p.rw) * C;
        if (src === null) {
          for (let b = 0; b < cols; b++, d += colStep) dst.fill(0, d, d + C);
          continue;
        }
        let s = ((n * p.yh + a + p.cropH) * p.yw + p.cropW) * C;
        for (let b = 0; b < cols; b++, d += colStep, s += C)
          for (let c = 0; c < C; c++) dst[d + c] = src[s + c]!;
      }
    }
  }
}
