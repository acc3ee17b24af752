/**
 * The kernel pack's Tile (row copies + doubling) and Sum / Mean over leading axes (in-place
 * row sums in float64) against the cpu backend, with their gradients where they have one.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tileInto } from "../../runtime/backend/wasm-kernels/tile.js";
import { cpuVsWasm, expectSame, initBackends, randn } from "./helpers.js";

describe("wasm Tile vs cpu", () => {
  beforeAll(initBackends);

  /** [shape, reps] */
  const cases: [number[], number[]][] = [
    [
      [1, 1, 1, 5],
      [3, 4, 2, 1],
    ], // batch norm's statistics to [B, H, W, C]
    [
      [2, 3],
      [1, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [[3], [5]],
    [
      [2, 1, 3],
      [1, 4, 1],
    ],
    [
      [1, 7],
      [9, 1],
    ],
    [
      [4, 1],
      [1, 6],
    ], // innermost dimension of size 1 tiled
    [
      [2, 3, 2],
      [0, 2, 1],
    ], // empty output
  ];
  it.each(cases)("tile %j by %j, float32 and int32, with gradient", async (shape, reps) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = randn(n, 3);
    const err = await expectSame(() => {
      const x = tf.tensor(v, shape);
      const f = (t: tf.Tensor) => tf.tile(t, reps).square().sum();
      return [
        tf.tile(x, reps),
        tf.tile(x.round().cast("int32"), reps).cast("float32"),
        tf.grad(f)(x),
      ];
    });
    expect(err).toBeLessThan(1e-6);
  });

  it("tileInto fills every element exactly like index arithmetic", () => {
    const shape = [2, 3, 4];
    const reps = [3, 1, 2];
    const src = Float32Array.from({ length: 24 }, (_, i) => i);
    const out = new Float32Array(24 * 6);
    tileInto(src, out, shape, reps);
    const os = shape.map((d, i) => d * reps[i]!);
    for (let a = 0; a < os[0]!; a++)
      for (let b = 0; b < os[1]!; b++)
        for (let c = 0; c < os[2]!; c++) {
          const want = src[((a % 2) * 3 + (b % 3)) * 4 + (c % 4)];
          expect(out[(a * os[1]! + b) * os[2]! + c]).toBe(want);
        }
  });
});

describe("wasm Sum and Mean over leading axes vs cpu", () => {
  beforeAll(initBackends);

  const cases: [number[], number[], boolean][] = [
    [[64, 5, 5, 7], [0, 1, 2], false], // bias gradient / batch-norm mean, 1,600 rows
    [[300, 9], [0], false],
    [[300, 9], [0], true],
    [[7, 50, 3], [0, 1], true],
    [[301, 2], [0], false], // rows not a multiple of 4
    [[10, 9], [0], false], // few rows: stock kernel
    [[20, 30], [1], false], // trailing axis: stock kernel
    [[16, 20, 20, 12], [0, 1, 2], false], // columns in fours: SIMD colsum, rows over two threads
    [[300, 8], [0], true], // SIMD colsum on one thread
  ];
  it.each(cases)(
    "sum and mean of %j over %j keepDims=%s, with gradients",
    async (shape, axes, keep) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const v = randn(n, 5);
      const err = await expectSame(() => {
        const x = tf.tensor(v, shape);
        const f = (t: tf.Tensor) => tf.mean(t.square(), axes, keep).sum();
        return [
          tf.sum(x, axes, keep),
          tf.mean(x, axes, keep),
          tf.moments(x, axes).variance,
          tf.grad(f)(x),
        ];
      });
      expect(err).toBeLessThan(2e-6);
    },
  );

  it("leaves no tensor or wasm buffer behind", async () => {
    const r = await cpuVsWasm(() => {
      const x = tf.tensor(randn(64 * 300, 1), [64, 300]);
      return [tf.tile(tf.sum(x, 0, true), [3, 1]), tf.mean(x, 0)];
    });
    expect(r.leaked).toBe(0);
    expect(r.leakedBuffers).toBe(0);
  });
});
