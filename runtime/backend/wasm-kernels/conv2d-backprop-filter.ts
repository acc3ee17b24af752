/**
 * `Conv2DBackpropFilter` for the wasm backend (missing in tfjs-backend-wasm 4.22).
 *
 * dW[i, j, ci, co] = Σ_{n, oh, ow} x[n, oh·s_h + i − pad_top, ow·s_w + j − pad_left, ci] · dy[n, oh, ow, co]
 *
 * which is one stride-1 Conv2D with dilation = stride: the "images" are the input channels of
 * x transposed to [Cin, H, W, N], the "filter" is dy transposed to [Ho, Wo, N, Cout]; the
 * result [Cin, kh, kw, Cout] is transposed to the filter layout [kh, kw, Cin, Cout].
 * Runs on XNNPACK; ~40 ms for x[64,32,32,32], w[4,4,32,32], stride 2 (the cpu backend: ~38 s).
 * Where the geometry suits it (kw·Cin a multiple of 4, Cout of 8) disc's SIMD path
 * (conv-filter-simd.ts) computes the same sum without XNNPACK, ~2–9× faster.
 */
import * as tf from "@tensorflow/tfjs";
import { filterGradSimd, filterGradSimdKernels } from "./conv-filter-simd.js";
import { transpose2d } from "./transpose-2d.js";
import { Scratch, dim, type KernelArgs, type WasmBackendLike } from "./kernel-util.js";

interface Attrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/**
 * Kernel function. Inputs: x [N, H, W, Cin] (or NCHW), dy [N, Ho, Wo, Cout].
 * Output: dW [kh, kw, Cin, Cout]. Throws when dy's shape does not match the convolution.
 */
export function conv2DBackpropFilterWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as Attrs;
  const x0 = inputs.x;
  const dy0 = inputs.dy;
  if (x0 === undefined || dy0 === undefined)
    throw new Error("Conv2DBackpropFilter: needs inputs x and dy");
  const s = new Scratch(backend);
  try {
    const nchw = attrs.dataFormat === "NCHW";
    const x = nchw ? s.run("Transpose", { x: x0 }, { perm: [0, 2, 3, 1] }) : x0;
    const dy = nchw ? s.run("Transpose", { x: dy0 }, { perm: [0, 2, 3, 1] }) : dy0;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      "channelsLast",
    );
    const what = "Conv2DBackpropFilter";
    const H = dim(x.shape, 1, what);
    const W = dim(x.shape, 2, what);
    const Cin = dim(x.shape, 3, what);
    const Ho = dim(dy.shape, 1, what);
    const Wo = dim(dy.shape, 2, what);
    const Cout = dim(dy.shape, 3, what);
    if (Ho !== info.outHeight || Wo !== info.outWidth || Cout !== info.outChannels) {
      throw new Error(
        `${what}: dy shape [${dy.shape.join(",")}] does not match the convolution output ` +
          `[${info.outShape.join(",")}]`,
      );
    }
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const pt = info.padInfo.top;
    const pl = info.padInfo.left;
    const N = dim(x.shape, 0, what);
    const geometry = { N, H, W, Cin, Ho, Wo, Cout, kh, kw, sh, sw, padTop: pt, padLeft: pl };
    const simd = filterGradSimdKernels(s, geometry);
    if (simd !== null) return s.keep(filterGradSimd(s, simd, x, dy, geometry));
    // Padding after, chosen so the dilated conv yields exactly kh × kw (cropped below if larger).
    const pb = Math.max(0, kh + (Ho - 1) * sh - H - pt);
    const pr = Math.max(0, kw + (Wo - 1) * sw - W - pl);
    // The wasm Transpose is fast for 3-D [1,0,2], slow for general 4-D perms, so
    // x [N, H, W, Cin] → [Cin, H, W, N] goes through [H·W·Cin, N] (the JS blocked 2-D transpose,
    // 2× the wasm kernel's speed) and a [1,0,2] swap.
    const xT2 = transpose2d(s, x, N, H * W * Cin); // [1, H·W·Cin, N]
    const xt = s.reshape(s.transposeAs(xT2, [H * W, Cin, N], [1, 0, 2]), [Cin, H, W, N]);
    const dyt = s.reshape(s.transposeAs(dy, [N, Ho * Wo, Cout], [1, 0, 2]), [Ho, Wo, N, Cout]);
    let y = s.run(
      "Conv2D",
      { x: xt, filter: dyt },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ],
        dataFormat: "NHWC",
        dilations: [sh, sw],
      },
    ); // [Cin, >=kh, >=kw, Cout]
    if (y.shape[1] !== kh || y.shape[2] !== kw) {
      y = s.run("Slice", { x: y }, { begin: [0, 0, 0, 0], size: [Cin, kh, kw, Cout] });
    }
    const out = s.reshape(s.transposeAs(y, [Cin, kh * kw, Cout], [1, 0, 2]), [kh, kw, Cin, Cout]);
    return s.keep(out);
  } finally {
    s.dispose();
  }
}

/** Kernel config (no setup needed: it only calls other registered wasm kernels). */
export const conv2DBackpropFilterConfig = {
  kernelName: "Conv2DBackpropFilter",
  kernelFunc: conv2DBackpropFilterWasm,
};
