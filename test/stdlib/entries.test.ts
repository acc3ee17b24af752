import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  adam,
  adamw,
  anneal,
  categorical,
  constant,
  dsprites,
  gaussian,
  laplace,
  normal,
  pendulum,
  rmsprop,
  sgd,
  uniform,
  warmup,
} from "../../stdlib/index.js";
import { val } from "./helpers.js";

describe("gaussian and laplace likelihoods", () => {
  it("gaussian fixed σ = 1: Σ ½(x − m)² + ½ ln 2π; learned: 2 params/channel (mean, log σ)", () => {
    const x = tf.tensor4d([1, 0], [1, 1, 2, 1]);
    const m = tf.tensor4d([0, 0], [1, 1, 2, 1]);
    const c = 0.5 * Math.log(2 * Math.PI);
    expect(val(gaussian.nll(x, m, { variance: "fixed" }))).toBeCloseTo(0.5 + 2 * c, 5);
    expect(gaussian.paramsPerChannel({ variance: "learned" })).toBe(2);
    const p = tf
      .tensor4d([0, 0, Math.log(2), Math.log(2)], [1, 1, 2, 2])
      .reshape([1, 1, 2, 2]) as tf.Tensor4D;
    // channels-last: pixel 0 → (mean 0, log σ ln 2), pixel 1 → (0, ln 2) with the C = 1 split [mean | log σ]
    const params = tf.concat(
      [tf.zeros([1, 1, 2, 1]), tf.fill([1, 1, 2, 1], Math.log(2))],
      3,
    ) as tf.Tensor4D;
    const want = 0.5 * (1 / 2) ** 2 + Math.log(2) + c + (0 + Math.log(2) + c);
    expect(val(gaussian.nll(x, params, { variance: "learned" }))).toBeCloseTo(want, 5);
    const mean = gaussian.mean(params, { variance: "learned" });
    expect(mean.shape).toEqual([1, 1, 2, 1]);
    expect(() => gaussian.nll(x, params, { variance: "fixed" })).toThrow(/channels/);
    tf.dispose([x, m, p, params, mean]);
  });
  it("laplace fixed b = 1: Σ |x − m| + ln 2; learned b = 2 halves the distance and adds ln 2", () => {
    const x = tf.tensor4d([1, -2], [1, 1, 2, 1]);
    const m = tf.zeros([1, 1, 2, 1]) as tf.Tensor4D;
    expect(val(laplace.nll(x, m, { scale: "fixed" }))).toBeCloseTo(3 + 2 * Math.LN2, 5);
    const params = tf.concat([m, tf.fill([1, 1, 2, 1], Math.LN2)], 3) as tf.Tensor4D;
    expect(val(laplace.nll(x, params, { scale: "learned" }))).toBeCloseTo(
      1.5 + 2 * (Math.LN2 + Math.LN2),
      5,
    );
    tf.dispose([x, m, params]);
  });
});

describe("distributions", () => {
  it("normal(4 x 4) has size 16 and draws N(0, 1)", () => {
    expect(normal.size({ shape: [4, 4] })).toBe(16);
    const s = normal.sample(4000, { shape: 10 }, 1);
    expect(s.shape).toEqual([4000, 10]);
    const { mean, variance } = tf.moments(s);
    expect(Math.abs(val(mean))).toBeLessThan(0.03);
    expect(val(variance)).toBeCloseTo(1, 1);
    s.dispose();
  });
  it("categorical(10) draws one-hot rows with every class; entropy ln 10", () => {
    const s = categorical.sample(500, { k: 10 }, 2);
    const rows = s.arraySync();
    expect(
      rows.every(
        (r) => r.filter((v) => v === 1).length === 1 && r.every((v) => v === 0 || v === 1),
      ),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.indexOf(1))).size).toBe(10);
    expect(categorical.entropy!({ k: 10 })).toBeCloseTo(Math.log(10), 10);
    s.dispose();
  });
  it("uniform(−1, 1, size: 62) stays in range and is deterministic per seed", () => {
    const a = uniform.sample(100, { low: -1, high: 1, size: 62 }, 3);
    const b = uniform.sample(100, { low: -1, high: 1, size: 62 }, 3);
    expect(a.shape).toEqual([100, 62]);
    expect(val(tf.max(tf.abs(a)))).toBeLessThanOrEqual(1);
    expect(val(tf.max(tf.abs(tf.sub(a, b))))).toBe(0);
    expect(() => uniform.size({ low: 1, high: 0, size: 1 })).toThrow(/greater than low/);
    tf.dispose([a, b]);
  });
});

describe("schedules (pure functions of the step)", () => {
  it("anneal(0 -> 25, over: 100k) ramps linearly; start delays it; [from, to] is accepted", () => {
    const a = { range: { from: 0, to: 25 }, over: 100000, start: 0 };
    expect([0, 50000, 100000, 200000].map((t) => anneal.value(t, a))).toEqual([0, 12.5, 25, 25]);
    const b = { range: [10, 0], over: 10, start: 5 };
    expect([0, 5, 10, 15, 99].map((t) => anneal.value(t, b))).toEqual([10, 10, 5, 0, 0]);
    expect(() => anneal.value(0, { range: "0..1", over: 1, start: 0 })).toThrow(/range/);
  });
  it("warmup and constant", () => {
    expect([0, 3500, 7000, 9000].map((t) => warmup.value(t, { value: 6, over: 7000 }))).toEqual([
      0, 3, 6, 6,
    ]);
    expect(constant.value(123, { value: 4 })).toBe(4);
  });
});

describe("optimizers", () => {
  it("adam / rmsprop / sgd create tfjs optimizers with the given hyperparameters", () => {
    expect(
      adam.create({ lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 }).getConfig(),
    ).toMatchObject({ learningRate: 1e-4, beta1: 0.5, beta2: 0.9 });
    expect(
      rmsprop.create({ lr: 5e-5, decay: 0.9, momentum: 0.9, epsilon: 1e-8 }).getConfig(),
    ).toMatchObject({ learningRate: 5e-5, decay: 0.9, momentum: 0.9 });
    expect(sgd.create({ lr: 0.1, momentum: 0 }).getClassName()).toBe("SGD");
    expect(sgd.create({ lr: 0.1, momentum: 0.9 }).getClassName()).toBe("Momentum");
    expect(() => adam.create({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })).toThrow(/'lr'/);
  });
  it("adamw applies decoupled decay θ ← θ − lr·λ·θ before the Adam step", () => {
    // zero gradient: Adam moves nothing (m̂ = 0), so only the decay acts: θ·(1 − lr·λ) each step
    const v = tf.variable(tf.tensor1d([2, -4]), true, "adamw_test_v");
    const opt = adamw.create({
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weight_decay: 0.5,
    });
    for (let i = 0; i < 3; i++) opt.minimize(() => tf.mul(tf.sum(v), 0) as tf.Scalar, false, [v]);
    const f = 0.95 ** 3;
    const got = Array.from(v.dataSync());
    expect(got[0]).toBeCloseTo(2 * f, 5);
    expect(got[1]).toBeCloseTo(-4 * f, 5);
    // with a gradient and λ = 0 it matches plain Adam
    const a = tf.variable(tf.tensor1d([1, 2]), true, "adamw_test_a");
    const b = tf.variable(tf.tensor1d([1, 2]), true, "adamw_test_b");
    const o1 = adamw.create({ lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weight_decay: 0 });
    const o2 = adam.create({ lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    for (let i = 0; i < 3; i++) {
      o1.minimize(() => tf.sum(tf.square(a)) as tf.Scalar, false, [a]);
      o2.minimize(() => tf.sum(tf.square(b)) as tf.Scalar, false, [b]);
    }
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([v, a, b]);
    [opt, o1, o2].forEach((o) => o.dispose());
  });
});

describe("datasets (metadata)", () => {
  it("dsprites: 64 or 32 px, five factors, subsets in data-set order", () => {
    expect(dsprites.imageShape({ size: 64 })).toEqual([64, 64, 1]);
    expect(dsprites.imageShape({ size: 32 })).toEqual([32, 32, 1]);
    expect(() => dsprites.imageShape({ size: 48 })).toThrow(/64 or 32/);
    expect(dsprites.factorNames({ factors: [] })).toEqual([
      "shape",
      "scale",
      "orientation",
      "posX",
      "posY",
    ]);
    expect(dsprites.factorNames({ factors: ["posY", "shape"] })).toEqual(["shape", "posY"]);
    expect(() => dsprites.factorNames({ factors: ["colour"] })).toThrow(/unknown factor/);
  });
  it("pendulum has the four CausalVAE concepts", () => {
    expect(pendulum.factorNames({ factors: [] })).toEqual([
      "pendulum_angle",
      "light_angle",
      "shadow_length",
      "shadow_position",
    ]);
    expect(pendulum.imageShape({ size: 64 })).toEqual([64, 64, 3]);
  });
});
