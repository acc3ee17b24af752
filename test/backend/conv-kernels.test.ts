import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { filterGradSimdKernels } from "../../runtime/backend/wasm-kernels/conv-filter-simd.js";
import { Scratch, type WasmBackendLike } from "../../runtime/backend/wasm-kernels/kernel-util.js";
import { expectSame, initBackends, randn } from "./helpers.js";

/** [batch, H, W, Cin, Cout, k, stride, pad] */
type Case = [number, number, number, number, number, number, number, "same" | "valid"];

const cases: Case[] = [
  [1, 7, 7, 3, 5, 3, 1, "same"],
  [2, 7, 9, 3, 4, 3, 2, "same"],
  [2, 9, 7, 2, 3, 3, 2, "valid"],
  [3, 8, 8, 4, 6, 4, 2, "same"],
  [1, 10, 11, 3, 2, 4, 3, "same"],
  [2, 11, 10, 2, 3, 2, 3, "valid"],
  [2, 9, 9, 3, 3, 1, 2, "same"], // kernel smaller than stride: some phases get nothing
  [1, 5, 6, 1, 4, 5, 1, "valid"],
  [2, 6, 5, 3, 2, 2, 1, "same"],
  // kw·Cin a multiple of 4 and Cout of 8: the filter gradient takes the SIMD path
  // (conv-filter-simd.ts), with and without zero columns, odd sizes, strides 1–3
  [3, 8, 8, 1, 16, 4, 2, "same"],
  [2, 9, 7, 4, 8, 3, 2, "same"],
  [2, 7, 9, 4, 8, 2, 1, "valid"],
  [1, 10, 11, 4, 8, 4, 3, "same"],
  [2, 9, 9, 4, 8, 1, 2, "same"],
  [2, 6, 6, 2, 24, 2, 2, "valid"],
  // Cin ≥ 8: the input gradient takes the sub-pixel path (fewer channels: GEMM + col2im)
  [2, 9, 7, 8, 3, 3, 2, "same"],
  [1, 10, 11, 12, 2, 4, 3, "same"],
  [2, 9, 9, 8, 3, 1, 2, "same"],
];

const convOut = (n: number, k: number, s: number, pad: string) =>
  pad === "same" ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;

describe("wasm Conv2DBackpropFilter and Conv2DBackpropInput vs cpu", () => {
  beforeAll(initBackends);

  it.each(cases)(
    "backprop filter B%i %ix%i Cin%i Cout%i k%i s%i %s",
    async (B, H, W, Cin, Cout, k, s, pad) => {
      const xv = randn(B * H * W * Cin, 11);
      const Ho = convOut(H, k, s, pad);
      const Wo = convOut(W, k, s, pad);
      const dyv = randn(B * Ho * Wo * Cout, 12);
      const err = await expectSame(
        () =>
          tf
            .engine()
            .runKernel(
              "Conv2DBackpropFilter",
              { x: tf.tensor4d(xv, [B, H, W, Cin]), dy: tf.tensor4d(dyv, [B, Ho, Wo, Cout]) },
              { strides: [s, s], pad, dataFormat: "NHWC", filterShape: [k, k, Cin, Cout] },
            ) as tf.Tensor,
      );
      expect(err).toBeLessThan(1e-4);
    },
  );

  it("the Burgess encoder's first filter gradient takes the SIMD path", async () => {
    await tf.setBackend("wasm");
    const s = new Scratch(tf.backend() as unknown as WasmBackendLike);
    const g = { N: 64, H: 64, W: 64, Cin: 1, Ho: 32, Wo: 32, Cout: 32, kh: 4, kw: 4 };
    const geometry = { ...g, sh: 2, sw: 2, padTop: 1, padLeft: 1 };
    expect(filterGradSimdKernels(s, geometry)).not.toBeNull();
    expect(filterGradSimdKernels(s, { ...geometry, Cout: 12 })).toBeNull();
  });

  it.each(cases)(
    "backprop input B%i %ix%i Cin%i Cout%i k%i s%i %s",
    async (B, H, W, Cin, Cout, k, s, pad) => {
      const wv = randn(k * k * Cin * Cout, 21);
      const Ho = convOut(H, k, s, pad);
      const Wo = convOut(W, k, s, pad);
      const dyv = randn(B * Ho * Wo * Cout, 22);
      const err = await expectSame(
        () =>
          tf.engine().runKernel(
            "Conv2DBackpropInput",
            {
              dy: tf.tensor4d(dyv, [B, Ho, Wo, Cout]),
              filter: tf.tensor4d(wv, [k, k, Cin, Cout]),
            },
            { strides: [s, s], pad, dataFormat: "NHWC", inputShape: [B, H, W, Cin] },
          ) as tf.Tensor,
      );
      expect(err).toBeLessThan(1e-4);
    },
  );

  // the forward convolution (stock XNNPACK) on the same cases
  it.each(cases)(
    "conv2d B%i %ix%i Cin%i Cout%i k%i s%i %s",
    async (B, H, W, Cin, Cout, k, s, pad) => {
      const xv = randn(B * H * W * Cin, 41);
      const wv = randn(k * k * Cin * Cout, 42);
      const err = await expectSame(() =>
        tf.conv2d(tf.tensor4d(xv, [B, H, W, Cin]), tf.tensor4d(wv, [k, k, Cin, Cout]), s, pad),
      );
      expect(err).toBeLessThan(1e-4);
    },
  );

  it("handles unequal strides and explicit padding", async () => {
    const pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ] as tf.backend_util.ExplicitPadding;
    const x = randn(2 * 9 * 8 * 3, 31);
    const w = randn(3 * 2 * 3 * 4, 32);
    const err = await expectSame(() => {
      const xt = tf.tensor4d(x, [2, 9, 8, 3]);
      const wt = tf.tensor4d(w, [3, 2, 3, 4]);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 3], pad)
          .square()
          .sum();
      return tf.grads(f)([xt, wt]);
    });
    expect(err).toBeLessThan(1e-4);
  });

  it("conv2dTranspose of the deconv decoder shapes (reduced batch) matches cpu", async () => {
    type S4 = [number, number, number, number];
    const shapes: [S4, S4, S4][] = [
      [
        [2, 4, 4, 8],
        [4, 4, 6, 8],
        [2, 8, 8, 6],
      ],
      [
        [2, 16, 16, 4],
        [4, 4, 1, 4],
        [2, 32, 32, 1],
      ],
    ];
    for (const [xs, ws, os] of shapes) {
      const xv = randn(
        xs.reduce((a, b) => a * b),
        41,
      );
      const wv = randn(
        ws.reduce((a, b) => a * b),
        42,
      );
      const err = await expectSame(() =>
        tf.conv2dTranspose(tf.tensor4d(xv, xs), tf.tensor4d(wv, ws), os, 2, "same"),
      );
      expect(err).toBeLessThan(1e-4);
    }
  });

  it("supports NCHW (channels-first) inputs", async () => {
    const xv = randn(2 * 3 * 7 * 6, 51);
    const dyv = randn(2 * 4 * 4 * 3, 52);
    const wv = randn(3 * 3 * 3 * 4, 53);
    const attrs = { strides: [2, 2], pad: "same", dataFormat: "NCHW" };
    const e1 = await expectSame(
      () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropFilter",
            { x: tf.tensor4d(xv, [2, 3, 7, 6]), dy: tf.tensor4d(dyv, [2, 4, 4, 3]) },
            { ...attrs, filterShape: [3, 3, 3, 4] },
          ) as tf.Tensor,
    );
    const e2 = await expectSame(
      () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropInput",
            { dy: tf.tensor4d(dyv, [2, 4, 4, 3]), filter: tf.tensor4d(wv, [3, 3, 3, 4]) },
            { ...attrs, inputShape: [2, 3, 7, 6] },
          ) as tf.Tensor,
    );
    expect(Math.max(e1, e2)).toBeLessThan(1e-4);
  });

  it("rejects a dy whose shape does not fit the convolution", async () => {
    await tf.setBackend("wasm");
    expect(() =>
      tf
        .engine()
        .runKernel(
          "Conv2DBackpropFilter",
          { x: tf.zeros([1, 8, 8, 2]), dy: tf.zeros([1, 5, 5, 3]) },
          { strides: [2, 2], pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 2, 3] },
        ),
    ).toThrow(/does not match/);
    await tf.setBackend("cpu");
  });
});
