/**
 * Fast `Conv2DBackpropInput` (= conv2dTranspose) for the wasm backend by sub-pixel
 * decomposition; the built-in is a plain C loop (~220 ms for x[64,32,32,32], w[4,4,32,32],
 * stride 2; this: ~40 ms).
 *
 * With h = a·s + r (r the output phase), only taps i ≡ (r + pad_top) mod s reach h:
 *   dx[a·s + r] = Σ_{t<M} dy[a + q − (M−1) + t] · W[i0 + s·(M−1−t)],
 *   i0 = (r + pad_top) mod s, q = ⌊(r + pad_top)/s⌋, M = ⌈(k − i0)/s⌉,
 * i.e. one stride-1 XNNPACK Conv2D per phase (r_h, r_w) with a flipped sub-filter. The s_h·s_w
 * phase outputs are written into their interleaved places in one pass (interleave.ts). With
 * fewer than 8 output channels the phases would run XNNPACK's 8-wide kernels mostly empty, so
 * that case is one GEMM plus a col2im instead (deconv-col2im.ts).
 * Source: Shi et al. 2016, "Is the deconvolution layer the same as a convolutional layer?".
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernelsFor } from "../simd/index.js";
import { deconvCol2im, deconvCol2imKernels } from "./deconv-col2im.js";
import { interleavePhases, type PhaseOutput } from "./interleave.js";
import {
  Scratch,
  dim,
  heapView,
  wasmMemoryOf,
  type KernelArgs,
  type WasmBackendLike,
} from "./kernel-util.js";

interface Attrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

/** Geometry of one output phase along one spatial axis. */
interface Phase {
  i0: number; // first filter tap of the phase
  taps: number; // M, number of taps (0: the phase receives nothing)
  padBefore: number; // explicit conv padding before
  padAfter: number; // explicit conv padding after
  crop: number; // rows to drop at the start of the conv output
}

function phaseGeometry(
  r: number,
  s: number,
  k: number,
  pad: number,
  outLen: number,
  dyLen: number,
): Phase {
  const i0 = (r + pad) % s;
  const q = Math.floor((r + pad) / s);
  const taps = i0 < k ? Math.ceil((k - i0) / s) : 0;
  const padBefore = Math.max(0, taps - 1 - q);
  const crop = q - (taps - 1) + padBefore;
  const padAfter = Math.max(0, crop + outLen - (dyLen + padBefore - taps + 1));
  return { i0, taps, padBefore, padAfter, crop };
}

/**
 * Kernel function. Inputs: dy [N, Ho, Wo, Cout] (or NCHW), filter [kh, kw, Cin, Cout];
 * attrs.inputShape = dx's shape [N, H, W, Cin]. Output: dx. Throws on shape mismatch.
 */
export function conv2DBackpropInputWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as Attrs;
  const dy0 = inputs.dy;
  const filter = inputs.filter;
  if (dy0 === undefined || filter === undefined)
    throw new Error("Conv2DBackpropInput: needs inputs dy and filter");
  const nchw = attrs.dataFormat === "NCHW";
  const [n0, a1, a2, a3] = attrs.inputShape;
  const inShape: [number, number, number, number] = nchw ? [n0, a2, a3, a1] : [n0, a1, a2, a3];
  const s = new Scratch(backend);
  try {
    const dy = nchw ? s.run("Transpose", { x: dy0 }, { perm: [0, 2, 3, 1] }) : dy0;
    const what = "Conv2DBackpropInput";
    const info = tf.backend_util.computeConv2DInfo(
      inShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      "channelsLast",
    );
    const [N, H, W, Cin] = inShape;
    const Ho = dim(dy.shape, 1, what);
    const Wo = dim(dy.shape, 2, what);
    const Cout = dim(dy.shape, 3, what);
    if (
      Ho !== info.outHeight ||
      Wo !== info.outWidth ||
      Cout !== info.outChannels ||
      dy.shape[0] !== N
    ) {
      throw new Error(
        `${what}: dy shape [${dy.shape.join(",")}] does not match [${info.outShape.join(",")}]`,
      );
    }
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const Ah = Math.ceil(H / sh);
    const Aw = Math.ceil(W / sw);
    const wv = backend.readSync(filter.dataId) as Float32Array; // [kh, kw, Cin, Cout], a copy
    const geometry = {
      ...{ N, H, W, Cin, Ho, Wo, Cout, kh, kw, sh, sw },
      ...{ padTop: info.padInfo.top, padLeft: info.padInfo.left },
    };
    const simd = deconvCol2imKernels(s, geometry);
    if (simd !== null) {
      const dx = deconvCol2im(s, simd, dy, wv, geometry);
      return s.keep(nchw ? s.run("Transpose", { x: dx }, { perm: [0, 3, 1, 2] }) : dx);
    }
    const phases: {
      y: tf.TensorInfo | null;
      cropH: number;
      cropW: number;
      rh: number;
      rw: number;
    }[] = [];
    for (let rh = 0; rh < sh; rh++) {
      const gh = phaseGeometry(rh, sh, kh, info.padInfo.top, Ah, Ho);
      for (let rw = 0; rw < sw; rw++) {
        const gw = phaseGeometry(rw, sw, kw, info.padInfo.left, Aw, Wo);
        if (gh.taps === 0 || gw.taps === 0) {
          phases.push({ y: null, cropH: 0, cropW: 0, rh, rw });
          continue;
        }
        const g = new Float32Array(gh.taps * gw.taps * Cout * Cin); // [Mh, Mw, Cout, Cin], flipped
        for (let th = 0; th < gh.taps; th++) {
          const i = gh.i0 + sh * (gh.taps - 1 - th);
          for (let tw = 0; tw < gw.taps; tw++) {
            const j = gw.i0 + sw * (gw.taps - 1 - tw);
            const src = (i * kw + j) * Cin * Cout;
            const dst = (th * gw.taps + tw) * Cout * Cin;
            for (let ci = 0; ci < Cin; ci++) {
              for (let co = 0; co < Cout; co++)
                g[dst + co * Cin + ci] = wv[src + ci * Cout + co] as number;
            }
          }
        }
        const gt = s.make([gh.taps, gw.taps, Cout, Cin], "float32", g);
        const pad = [
          [0, 0],
          [gh.padBefore, gh.padAfter],
          [gw.padBefore, gw.padAfter],
          [0, 0],
        ];
        const y = s.run(
          "Conv2D",
          { x: dy, filter: gt },
          { strides: [1, 1], pad, dataFormat: "NHWC", dilations: [1, 1] },
        );
        phases.push({ y, cropH: gh.crop, cropW: gw.crop, rh, rw });
      }
    }
    const one = phases.length === 1 ? phases[0]! : null;
    let dx: tf.TensorInfo;
    if (one?.y && one.y.shape[1] === H && one.y.shape[2] === W && !one.cropH && !one.cropW) {
      dx = s.reshape(one.y, [N, H, W, Cin]); // stride 1, nothing cropped: the conv output is dx
    } else {
      dx = s.alloc([N, H, W, Cin], "float32");
      // views after the allocation (it may grow the heap)
      const outputs: PhaseOutput[] = phases.map((p) => ({
        data: p.y === null ? null : (heapView(backend, p.y, "float32") as Float32Array),
        yh: p.y?.shape[1] ?? 0,
        yw: p.y?.shape[2] ?? 0,
        cropH: p.cropH,
        cropW: p.cropW,
        rh: p.rh,
        rw: p.rw,
      }));
      const out = heapView(backend, dx, "float32") as Float32Array;
      interleavePhases(out, outputs, N, H, W, Cin, sh, sw, simdKernelsFor(wasmMemoryOf(backend)));
    }
    if (nchw) dx = s.run("Transpose", { x: dx }, { perm: [0, 3, 1, 2] });
    return s.keep(dx);
  } finally {
    s.dispose();
  }
}

/** Kernel config; registration keeps the original's setupFunc. */
export const conv2DBackpropInputConfig = {
  kernelName: "Conv2DBackpropInput",
  kernelFunc: conv2DBackpropInputWasm,
};
