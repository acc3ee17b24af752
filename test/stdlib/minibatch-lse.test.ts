/**
 * stdlib/math/minibatch.ts logSumExp: the log-sum-exp with a hand-written softmax gradient
 * equals tf.logSumExp in value (to 1e-6) and gradient (to 1e-5 relative: float32 sums in another order), on the [n, B, D] shapes the minibatch
 * estimators use, including large magnitudes where the stabilising max matters.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { logSumExp } from "../../stdlib/math/minibatch.js";

const close = (a: tf.Tensor, b: tf.Tensor, tol: number) => {
  const [x, y] = [a.arraySync() as number[] | number, b.arraySync() as number[] | number];
  expect(a.shape).toEqual(b.shape);
  const fx = [x].flat(3) as number[];
  const fy = [y].flat(3) as number[];
  fx.forEach((v, i) =>
    expect(Math.abs(v - fy[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(fy[i]!))),
  );
};

describe("logSumExp with the softmax gradient", () => {
  for (const axis of [0, 1, 2]) {
    it(`matches tf.logSumExp along axis ${axis} of a [5, 7, 3] block, value and gradient`, () => {
      const x = tf.mul(tf.randomNormal([5, 7, 3], 0, 1, "float32", 3 + axis), 40);
      const weights = tf.randomNormal(
        axis === 0 ? [7, 3] : axis === 1 ? [5, 3] : [5, 7],
        0,
        1,
        "float32",
        9,
      );
      const ours = (t: tf.Tensor) => tf.sum(tf.mul(logSumExp(t, axis), weights));
      const theirs = (t: tf.Tensor) => tf.sum(tf.mul(tf.logSumExp(t, axis), weights));
      close(logSumExp(x, axis), tf.logSumExp(x, axis), 1e-6);
      close(tf.grad(ours)(x), tf.grad(theirs)(x), 1e-5);
    });
  }

  it("leaks no tensors and runs no Equal or Max kernel in its backward pass", async () => {
    const x = tf.randomNormal([4, 64, 10], 0, 1, "float32", 1);
    const before = tf.memory().numTensors;
    const g = tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, 1)));
    const info = await tf.profile(() => tf.tidy(() => g(x)));
    expect(tf.memory().numTensors).toBe(before + 1); // the gradient itself
    const names = info.kernels.map((k) => k.name);
    expect(names).not.toContain("Equal");
    expect(names.filter((n) => n === "Max")).toHaveLength(1); // the forward's stabilising max only
  });
});
