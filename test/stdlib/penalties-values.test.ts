import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  bernoulli,
  capacity,
  capacityAt,
  dip,
  dipRegularizer,
  gaussianLogDensity,
  gaussianLogDensityScalar,
  kl,
  recon,
} from "../../stdlib/index.js";
import { ctxWith, filled, val } from "./helpers.js";

describe("kl (values.md: analytic KL, summed over D = 10)", () => {
  const cases: [number, number, number][] = [
    [0, 0, 0],
    [1, 0, 5.0],
    [1, 1, 5 * (Math.E - 1)],
  ];
  for (const [m, lv, want] of cases) {
    it(`mu = ${m}, logvar = ${lv} → ${want.toFixed(4)}`, () => {
      const mu = filled([4, 10], m);
      const logvar = filled([4, 10], lv);
      const got = val(
        kl.compute(ctxWith({ latents: { z: { mu, logvar, sample: mu } } }), { latent: "z" }),
      );
      expect(got).toBeCloseTo(want, 4);
      tf.dispose([mu, logvar]);
    });
  }
  it("8.5914 is 5(e − 1)", () => expect(5 * (Math.E - 1)).toBeCloseTo(8.5914, 4));
  it("throws a clear error when the latent has no posterior", () => {
    const s = filled([2, 3], 0);
    expect(() => kl.compute(ctxWith({ latents: { z: { sample: s } } }), { latent: "z" })).toThrow(
      /no posterior/,
    );
    s.dispose();
  });
});

describe("gaussianLogDensity (values.md: log N)", () => {
  it("log N(1; 0, lv 0) = −1.41894 and log N(1; 1, lv 0) = −0.91894", () => {
    const x = tf.tensor1d([1, 1]);
    const mu = tf.tensor1d([0, 1]);
    const lv = tf.tensor1d([0, 0]);
    const got = gaussianLogDensity(x, mu, lv);
    const [a, b] = Array.from(got.dataSync());
    expect(a).toBeCloseTo(-1.41894, 5);
    expect(b).toBeCloseTo(-0.91894, 5);
    expect(gaussianLogDensityScalar(1, 0, 0)).toBeCloseTo(-1.41894, 5);
    tf.dispose([x, mu, lv, got]);
  });
  it("uses log-variance: log N(0; 0, lv = ln 4) = −½(ln 4 + ln 2π)", () => {
    const got = val(gaussianLogDensity(tf.scalar(0), tf.scalar(0), tf.scalar(Math.log(4))));
    expect(got).toBeCloseTo(-0.5 * (Math.log(4) + Math.log(2 * Math.PI)), 5);
  });
});

describe("capacity (values.md: C(t) = min(C_max, C_max·t/T))", () => {
  it("C_max = 100, T = 100: t = 0, 10, 100, 101 → 0, 10, 100, 100", () => {
    expect([0, 10, 100, 101].map((t) => capacityAt(t, 100, 100))).toEqual([0, 10, 100, 100]);
  });
  it("term = |batch-mean KL − C(t)| (absolute value after the batch mean)", () => {
    // KL per example: 5 (mu = 1) and 0 (mu = 0): mean 2.5; C(10) = 10 → |2.5 − 10| = 7.5.
    const mu = tf.tensor2d([Array(10).fill(1), Array(10).fill(0)]);
    const lv = tf.zeros([2, 10]) as tf.Tensor2D;
    const ctx = ctxWith({ step: 10, latents: { z: { mu, logvar: lv, sample: mu } } });
    expect(val(capacity.compute(ctx, { latent: "z", max: 100, over: 100 }))).toBeCloseTo(7.5, 5);
    tf.dispose([mu, lv]);
  });
  it("rejects over ≤ 0", () => expect(() => capacityAt(1, 10, 0)).toThrow(/positive/));
});

describe("dip regulariser (values.md, λ_od = λ_d = 1)", () => {
  const cases: [string, () => tf.Tensor2D, number][] = [
    ["ones(10×10)", () => tf.ones([10, 10]) as tf.Tensor2D, 90],
    ["zeros", () => tf.zeros([10, 10]) as tf.Tensor2D, 10],
    ["I", () => tf.eye(10) as tf.Tensor2D, 0],
    ["2I", () => tf.mul(2, tf.eye(10)) as tf.Tensor2D, 10],
  ];
  for (const [name, make, want] of cases) {
    it(`C = ${name} → ${want}`, () => {
      const c = make();
      expect(val(dipRegularizer(c, 1, 1))).toBeCloseTo(want, 5);
      c.dispose();
    });
  }
  it("DIP-I uses the population covariance of mu; DIP-II adds mean diag(exp(logvar))", () => {
    // mu rows (1, -1) and (-1, 1): Cov = [[1, -1], [-1, 1]] (1/B). DIP-I: od 2·1 = 2, d 0 → λ_od·2.
    const mu = tf.tensor2d([
      [1, -1],
      [-1, 1],
    ]);
    const lv = tf.zeros([2, 2]) as tf.Tensor2D; // exp(lv) = 1 → DIP-II diag 2: d term 2·(2−1)² = 2
    const ctx = ctxWith({ latents: { z: { mu, logvar: lv, sample: mu } } });
    expect(
      val(dip.compute(ctx, { latent: "z", variant: "i", lambda_od: 3, lambda_d: 5 })),
    ).toBeCloseTo(6, 5);
    expect(
      val(dip.compute(ctx, { latent: "z", variant: "ii", lambda_od: 3, lambda_d: 5 })),
    ).toBeCloseTo(6 + 10, 5);
    tf.dispose([mu, lv]);
  });
});

describe("bernoulli likelihood and recon", () => {
  it("NLL per pixel is softplus(l) − l·x, summed over pixels", () => {
    const ls = [-3, -0.5, 0, 0.7, 4];
    const xs = [0, 1, 0.5, 0.2, 1];
    const x = tf.tensor4d(xs, [1, 1, 5, 1]);
    const l = tf.tensor4d(ls, [1, 1, 5, 1]);
    const want = ls.reduce((acc, li, i) => acc + Math.log1p(Math.exp(li)) - li * xs[i]!, 0);
    expect(val(bernoulli.nll(x, l, {}))).toBeCloseTo(want, 4);
    tf.dispose([x, l]);
  });
  it("is finite and exact for logits ±100 (stable form)", () => {
    const x = tf.tensor4d([0, 1, 1, 0], [1, 2, 2, 1]);
    const l = tf.tensor4d([100, 100, -100, -100], [1, 2, 2, 1]);
    const got = Array.from(bernoulli.nll(x, l, {}).dataSync());
    // pixels: 100 (x=0,l=100), 0, 100 (x=1, l=−100), 0 → 200
    expect(Number.isFinite(got[0]!)).toBe(true);
    expect(got[0]).toBeCloseTo(200, 3);
    tf.dispose([x, l]);
  });
  it("recon: sum over pixels, mean over batch; reduction mean divides by H·W·C", () => {
    const x = tf.tensor4d([1, 0, 1, 0, 0, 0, 0, 0], [2, 2, 2, 1]);
    const l = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D; // every pixel costs ln 2
    const ctx = ctxWith({ x, outputs: { x: l }, likelihoods: { x: { def: bernoulli, args: {} } } });
    expect(val(recon.compute(ctx, { target: "x", reduction: "sum" }))).toBeCloseTo(4 * Math.LN2, 5);
    expect(val(recon.compute(ctx, { target: "x", reduction: "mean" }))).toBeCloseTo(Math.LN2, 5);
    tf.dispose([x, l]);
  });
  it("recon without a decoder for the target throws a clear error", () => {
    expect(() => recon.compute(ctxWith({}), { target: "x", reduction: "sum" })).toThrow(
      /no decoder models 'x'/,
    );
  });
});
