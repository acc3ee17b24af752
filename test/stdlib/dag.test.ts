import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { dag, dagExponential, dagPolynomial } from "../../stdlib/index.js";
import { ctxWith, val } from "./helpers.js";

type Mat = number[][];
const eye = (d: number): Mat =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
const mul = (a: Mat, b: Mat): Mat =>
  a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const add = (a: Mat, b: Mat): Mat => a.map((r, i) => r.map((v, j) => v + b[i]![j]!));
const scale = (a: Mat, s: number): Mat => a.map((r) => r.map((v) => v * s));
const tr = (a: Mat) => a.reduce((s, r, i) => s + r[i]!, 0);
const had2 = (a: Mat): Mat => a.map((r) => r.map((v) => v * v));

/** float64 references: tr((I + A∘A/d)^d) − d and tr(e^{A∘A}) − d (Taylor to 60 terms). */
function refPolynomial(a: Mat): number {
  const d = a.length;
  const p = add(eye(d), scale(had2(a), 1 / d));
  let m = eye(d);
  for (let i = 0; i < d; i++) m = mul(m, p);
  return tr(m) - d;
}
function refExponential(a: Mat): number {
  const d = a.length;
  const x = had2(a);
  let term = eye(d);
  let sum = eye(d);
  for (let k = 1; k < 60; k++) {
    term = scale(mul(term, x), 1 / k);
    sum = add(sum, term);
  }
  return tr(sum) - d;
}

const pendulumDag: Mat = [
  [0, 1, 1, 1],
  [0, 0, 1, 1],
  [0, 0, 0, 0],
  [0, 0, 0, 0],
];
const twoCycle: Mat = [
  [0, 0.8, 0],
  [1.2, 0, 0],
  [0, 0, 0],
];
const dense: Mat = [
  [0.1, -0.7, 0.3, 1.1],
  [0.4, 0.2, -1.5, 0.0],
  [0.9, 0.3, 0.05, -0.2],
  [-1.3, 0.6, 0.8, 0.1],
];

describe("dag(A): acyclicity h(A) vs a float64 reference", () => {
  for (const [name, a] of [
    ["the pendulum DAG", pendulumDag],
    ["a 2-cycle", twoCycle],
    ["a dense matrix", dense],
  ] as const) {
    it(`${name}: polynomial and exponential forms`, () => {
      const t = tf.tensor2d(a);
      const p = val(dagPolynomial(t));
      const e = val(dagExponential(t));
      expect(p).toBeCloseTo(refPolynomial(a), 3);
      expect(e).toBeCloseTo(refExponential(a), 3);
      t.dispose();
    });
  }
  it("is 0 for a DAG and > 0 for a 2-cycle", () => {
    const d = tf.tensor2d(pendulumDag);
    const c = tf.tensor2d(twoCycle);
    expect(Math.abs(val(dagPolynomial(d)))).toBeLessThan(1e-5);
    expect(Math.abs(val(dagExponential(d)))).toBeLessThan(1e-5);
    expect(val(dagPolynomial(c))).toBeGreaterThan(0.1);
    expect(val(dagExponential(c))).toBeGreaterThan(0.1);
    tf.dispose([d, c]);
  });
  it("exponential form with a large norm uses scaling and squaring accurately", () => {
    const big: Mat = dense.map((r) => r.map((v) => 2 * v));
    const t = tf.tensor2d(big);
    const want = refExponential(big);
    expect(Math.abs(val(dagExponential(t)) - want) / want).toBeLessThan(1e-4);
    t.dispose();
  });
  it("the term reads the adjacency from ctx.extra and is differentiable", () => {
    const a = tf.variable(tf.tensor2d(twoCycle));
    const g = tf.grad((x: tf.Tensor) =>
      dag.compute(ctxWith({ extra: { A: x } }), { scm: "A", form: "exponential" }),
    )(a);
    // d/dA tr(e^{A∘A}) = (e^{A∘A})ᵀ ∘ 2A: non-zero on the cycle's edges only
    const gv = g.arraySync() as number[][];
    expect(gv[0]![1]!).toBeGreaterThan(0);
    expect(gv[1]![0]!).toBeGreaterThan(0);
    expect(gv[2]![2]!).toBe(0);
    expect(() => dag.compute(ctxWith({}), { scm: "A", form: "polynomial" })).toThrow(
      /causal_vae backbone/,
    );
    tf.dispose([a, g]);
  });
});
