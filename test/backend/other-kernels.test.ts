import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { transposeInto } from "../../runtime/backend/wasm-kernels/transpose-2d.js";
import { transposedProductIsCheaper } from "../../runtime/backend/wasm-kernels/batch-mat-mul.js";
import { expectSame, initBackends, randn, relErr } from "./helpers.js";

describe("the JS blocked transpose", () => {
  it("transposes every shape exactly (tiles of 64, 4 rows a pass, odd edges)", () => {
    for (const [R, C] of [
      [1, 1],
      [3, 5],
      [64, 64],
      [67, 131],
      [130, 7],
      [4, 200],
    ] as const) {
      const src = randn(R * C, R + C);
      const dst = new Float32Array(R * C);
      transposeInto(src, dst, R, C);
      let bad = 0;
      for (let i = 0; i < R; i++)
        for (let j = 0; j < C; j++) if (dst[j * R + i] !== src[i * C + j]) bad++;
      expect(bad).toBe(0);
    }
    expect(() => transposeInto(new Float32Array(5), new Float32Array(6), 2, 3)).toThrow(/buffers/);
  });

  it("the cost model swaps the dense forward product and keeps square ones direct", () => {
    expect(transposedProductIsCheaper(64, 4096, 1200, false, false)).toBe(true);
    expect(transposedProductIsCheaper(8, 512, 300, false, false)).toBe(true);
    expect(transposedProductIsCheaper(1024, 1024, 1024, false, false)).toBe(false);
  });
});

describe("wasm BatchMatMul, UnsortedSegmentSum, OneHot vs cpu", () => {
  beforeAll(initBackends);

  /** [aShape, bShape, transposeA, transposeB] */
  const mm: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[3, 5, 7], [3, 7, 4], false, false], // small batched: built-in path
    [[3, 7, 5], [3, 4, 7], true, true],
    [[3, 60, 70], [3, 70, 50], false, false], // large batched: looped batch-1 products
    [[3, 70, 60], [1, 50, 70], true, true], // broadcast b
    [[1, 60, 70], [3, 70, 50], false, false], // broadcast a
    [[2, 3, 9, 4], [4, 6], false, false], // rank 4 × rank 2
    [[6, 40], [300, 40], false, true], // big b stored transposed: computed as (b · aᵀ)ᵀ
    [[40, 6], [300, 40], true, true], // the same with transposeA
    [[2, 3, 40], [300, 40], false, true], // batched a, broadcast big b, transposed product
    [[8, 512], [512, 300], false, false], // dense forward x · W: W transposed in JS, product swapped
    [[5, 67], [67, 131], false, false], // the same, sizes not multiples of the 4-row / 64 tiles
    [[67, 5], [67, 131], true, false], // with transposeA
    [[2, 3, 67], [67, 131], false, false], // batched a, broadcast b
    // rows % 4 = 0, N % 8 = 0, ≥ 2^20 multiply-adds: the SIMD x · W (matmul-simd.ts)
    [[64, 1000], [1000, 24], false, false], // K = 31 chunks of 32 + 8
    [[8, 4096], [4096, 32], false, false], // whole chunks only
    [[12, 333], [333, 264], false, false], // rows split 4 / 8 between the threads
    [[2, 32, 500], [500, 72], false, false], // batched a, broadcast b
    [[16, 80], [80, 1096], false, false], // two column panels (1024 + 72), K = 2·32 + 16
  ];
  it.each(mm)("matMul %j × %j tA=%s tB=%s", async (as, bs, tA, tB) => {
    const av = randn(
      as.reduce((x, y) => x * y),
      1,
    );
    const bv = randn(
      bs.reduce((x, y) => x * y),
      2,
    );
    const err = await expectSame(() => {
      const a = tf.tensor(av, as);
      const b = tf.tensor(bv, bs);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, tA, tB).square().sum();
      // tfjs-core's BatchMatMul gradient does not reduce broadcast batch dims (throws on cpu
      // too), so gradients are compared only when both batch shapes agree.
      const sameBatch = JSON.stringify(as.slice(0, -2)) === JSON.stringify(bs.slice(0, -2));
      return [tf.matMul(a, b, tA, tB), ...(sameBatch ? tf.grads(f)([a, b]) : [])];
    });
    expect(err).toBeLessThan(1e-4);
  });

  it("unsortedSegmentSum matches cpu for float and int inputs, dropping out-of-range ids", async () => {
    const xv = randn(6 * 4, 3);
    const ids = [0, 3, 3, 1, 3, 0];
    const err = await expectSame(() => [
      tf.unsortedSegmentSum(tf.tensor2d(xv, [6, 4]), tf.tensor1d(ids, "int32"), 5),
      tf
        .unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4, 5, 6], "int32"), tf.tensor1d(ids, "int32"), 4)
        .cast("float32"),
    ]);
    expect(err).toBeLessThan(1e-4);
    await tf.setBackend("wasm");
    const r = tf
      .engine()
      .runKernel(
        "UnsortedSegmentSum",
        { x: tf.tensor1d([1, 2, 4, 8]), segmentIds: tf.tensor1d([0, -1, 1, 7], "int32") },
        { numSegments: 2 },
      ) as tf.Tensor;
    expect(Array.from(r.dataSync())).toEqual([1, 4]); // -1 and 7 dropped
    await tf.setBackend("cpu");
  });

  it("gather gradient (UnsortedSegmentSum) matches cpu", async () => {
    const xv = randn(7 * 3, 4);
    const err = await expectSame(() => {
      const x = tf.tensor2d(xv, [7, 3]);
      const idx = tf.tensor1d([0, 2, 2, 6, 1, 2], "int32");
      const f = (t: tf.Tensor) => tf.gather(t, idx).square().sum();
      const g = (t: tf.Tensor) => tf.gather(t, idx, 1).square().sum();
      return [tf.grad(f)(x), tf.grad(g)(x.reshape([3, 7]))];
    });
    expect(err).toBeLessThan(1e-4);
  });

  it("oneHot honours the requested dtype (the stock wasm kernel returns int32 bit patterns)", async () => {
    await tf.setBackend("wasm");
    const idx = tf.tensor1d([0, 2, 1, 5], "int32");
    const f = tf.oneHot(idx, 3, 1, 0, "float32");
    expect(f.dtype).toBe("float32");
    expect(Array.from(f.dataSync())).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    const g = tf.oneHot(idx, 3, 2.5, -0.5, "float32");
    expect(
      relErr(g.dataSync(), [2.5, -0.5, -0.5, -0.5, -0.5, 2.5, -0.5, 2.5, -0.5, -0.5, -0.5, -0.5]),
    ).toBe(0);
    const i = tf.oneHot(idx, 3);
    expect(i.dtype).toBe("int32");
    expect(Array.from(i.dataSync())).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    tf.dispose([idx, f, g, i]);
    await tf.setBackend("cpu");
  });

  it("ops on the VAE paths (softplus, logSoftmax, max, sum, sigmoid CE) give cpu's gradients", async () => {
    const xv = randn(5 * 7, 5);
    const err = await expectSame(() => {
      const x = tf.tensor2d(xv, [5, 7]);
      const fs: ((t: tf.Tensor) => tf.Scalar)[] = [
        (t) => tf.softplus(t).sum(),
        (t) => tf.logSoftmax(t).mul(tf.range(0, 7)).sum(),
        (t) => tf.logSumExp(t, 1).square().sum(),
        (t) => tf.max(t, 1).square().sum(),
        (t) => tf.sum(t.square(), 0).sqrt().sum(),
        (t) => tf.losses.sigmoidCrossEntropy(tf.fill([5, 7], 0.3), t) as tf.Scalar,
      ];
      return fs.map((f) => tf.grad(f)(x));
    });
    expect(err).toBeLessThan(1e-4);
  });
});
