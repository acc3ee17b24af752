import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  causalInverse,
  createScm,
  gaussJordanInverse,
  neumannCausalInverse,
} from "../../runtime/causal/index.js";

type Mat = number[][];
const eye = (d: number): Mat =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
const mul = (a: Mat, b: Mat): Mat =>
  a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const T = (a: Mat): Mat => a[0]!.map((_, j) => a.map((r) => r[j]!));

/** Deterministic pseudo-random numbers in (−1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** A random DAG adjacency: strictly upper triangular in a random order (nilpotent). */
function randomDag(n: number, rnd: () => number): Mat {
  const order = Array.from({ length: n }, (_, i) => i).sort(() => rnd());
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (rnd() > -0.3) a[order[i]!]![order[j]!] = 2 * rnd();
  return a;
}

const arr = (t: tf.Tensor): Mat => t.arraySync() as Mat;

describe("exact (I − Aᵀ)⁻¹", () => {
  it("Gauss–Jordan and Neumann agree and invert I − Aᵀ for random nilpotent A (n = 2…6)", () => {
    const rnd = lcg(7);
    for (let n = 2; n <= 6; n++) {
      for (let rep = 0; rep < 3; rep++) {
        const a = randomDag(n, rnd);
        const at = tf.tensor2d(a);
        const gj = arr(causalInverse(at));
        const ne = arr(neumannCausalInverse(at));
        // float64 reference: Σ_{p<n} (Aᵀ)^p
        let term = eye(n);
        const ref = eye(n);
        for (let p = 1; p < n; p++) {
          term = mul(term, T(a));
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ref[i]![j]! += term[i]![j]!;
        }
        const m = eye(n).map((r, i) => r.map((v, j) => v - a[j]![i]!));
        const prod = mul(m, gj);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            expect(gj[i]![j]!).toBeCloseTo(ref[i]![j]!, 4);
            expect(ne[i]![j]!).toBeCloseTo(ref[i]![j]!, 4);
            expect(prod[i]![j]!).toBeCloseTo(i === j ? 1 : 0, 4);
          }
        }
        at.dispose();
      }
    }
  });

  it("Gauss–Jordan pivots (zero leading entry) and rejects a singular matrix", () => {
    const m = tf.tensor2d([
      [0, 2, 0],
      [1, 0, 0],
      [0, 0, 4],
    ]);
    const inv = arr(gaussJordanInverse(m));
    expect(inv).toEqual([
      [0, 1, 0],
      [0.5, 0, 0],
      [0, 0, 0.25],
    ]);
    expect(() =>
      gaussJordanInverse(
        tf.tensor2d([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toThrow(/singular/);
    expect(() => gaussJordanInverse(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/square/);
  });

  it("is exact for a cyclic A as well (where the Neumann series is not)", () => {
    const a = [
      [0, 0.5],
      [0.8, 0],
    ];
    const gj = arr(causalInverse(tf.tensor2d(a)));
    const det = 1 - 0.5 * 0.8; // I − Aᵀ = [[1, −0.8], [−0.5, 1]]
    const ref = [
      [1 / det, 0.8 / det],
      [0.5 / det, 1 / det],
    ];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) expect(gj[i]![j]!).toBeCloseTo(ref[i]![j]!, 5);
  });
});

const pendulum: Mat = [
  [0, 0, 1, 1],
  [0, 0, 1, 1],
  [0, 0, 0, 0],
  [0, 0, 0, 0],
];

describe("SCM layer and do(z_i = v)", () => {
  it("init zeros gives A = 0, a given matrix is used as given (diagonal held at 0)", () => {
    const s0 = createScm({
      concepts: ["a", "b"],
      conceptSize: 2,
      init: "zeros",
      seed: 1,
      name: "t0",
    });
    expect(arr(s0.adjacency())).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const s1 = createScm({
      concepts: ["a", "b"],
      conceptSize: 2,
      init: [
        [5, 0.5],
        [0, 0],
      ],
      seed: 1,
      name: "t1",
    });
    expect(arr(s1.adjacency())).toEqual([
      [0, 0.5],
      [0, 0],
    ]);
    expect(() =>
      createScm({ concepts: ["a", "b"], conceptSize: 2, init: [[0]], seed: 1, name: "t2" }),
    ).toThrow(/2×2/);
  });

  it("the causal layer solves z = Aᵀz + ε per concept block", () => {
    const s = createScm({
      concepts: ["p", "l", "len", "pos"],
      conceptSize: 3,
      init: pendulum.map((r) => r.map((v) => v * 0.7)),
      seed: 2,
      name: "t3",
    });
    const eps = tf.randomNormal([5, 12], 0, 1, "float32", 3) as tf.Tensor2D;
    const z = s.pass(eps).causal;
    const a = s.adjacency();
    const resid = tf.sub(z, tf.add(s.layer.parents(z, a), eps));
    expect(tf.max(tf.abs(resid)).dataSync()[0]).toBeLessThan(1e-5);
  });

  it("do(z_i = v) sets exactly v (v = 0 included), moves descendants only", () => {
    const s = createScm({
      concepts: ["p", "l", "len", "pos"],
      conceptSize: 2,
      init: pendulum.map((r) => r.map((v) => v * 0.9)),
      seed: 4,
      name: "t4",
    });
    const eps = tf.randomNormal([3, 8], 0, 1, "float32", 5) as tf.Tensor2D;
    const base = s.pass(eps);
    const block = (t: tf.Tensor, i: number) =>
      (t.reshape([3, 4, 2]).slice([0, i, 0], [3, 1, 2]).arraySync() as number[][][]).flat(2);
    for (const v of [0, 1.7, -2.25]) {
      const d = s.intervene(eps, 0, v); // cause: pendulum angle
      for (const t of [d.causal, d.masked])
        expect(block(t, 0).every((x) => x === Math.fround(v))).toBe(true);
      expect(block(d.causal, 1)).toEqual(block(base.causal, 1)); // the other cause: unchanged
      expect(block(d.masked, 1)).toEqual(block(base.masked, 1));
      for (const j of [2, 3])
        expect(
          Math.max(...block(d.causal, j).map((x, q) => Math.abs(x - block(base.causal, j)[q]!))),
        ).toBeGreaterThan(1e-3);
      const e = s.intervene(eps, 2, v); // effect: shadow length
      expect(block(e.masked, 2).every((x) => x === Math.fround(v))).toBe(true);
      for (const j of [0, 1, 3]) {
        expect(block(e.causal, j)).toEqual(block(base.causal, j));
        expect(block(e.masked, j)).toEqual(block(base.masked, j));
      }
    }
    expect(() => s.intervene(eps, 4, 1)).toThrow(/outside/);
    expect(() => s.conceptIndex("nope")).toThrow(/concepts: p, l, len, pos/);
  });

  it("gradients reach A through the causal layer, the mask layer and the label map", () => {
    const s = createScm({
      concepts: ["a", "b", "c"],
      conceptSize: 2,
      init: "random",
      seed: 6,
      name: "t5",
    });
    const eps = tf.randomNormal([4, 6], 0, 1, "float32", 7) as tf.Tensor2D;
    const u = tf.randomNormal([4, 3], 0, 1, "float32", 8) as tf.Tensor2D;
    const aVar = s.model.trainableWeights
      .find((w) => w.name.includes("adjacency"))!
      .read() as tf.Variable;
    for (const f of [
      () => tf.sum(tf.square(s.pass(eps).causal)),
      () => tf.sum(tf.square(s.pass(eps).masked)),
      () => tf.sum(tf.square(s.labelRecon(u))),
      () => tf.sum(tf.square(s.labelScm(u))),
    ]) {
      const { grads } = tf.variableGrads(f as () => tf.Scalar, [aVar]);
      const g = arr(grads[aVar.name]!);
      const off = g.flatMap((r, i) => r.filter((_, j) => i !== j));
      expect(off.some((x) => Math.abs(x) > 1e-6)).toBe(true);
      expect(g.every((r, i) => r[i] === 0)).toBe(true); // diagonal held at 0
    }
    // A, the mask MLPs (4), the official label MLPs (4), the label_scm MLPs (4)
    expect(s.model.trainableWeights.length).toBe(13);
  });
});

describe("gradient of the Gauss–Jordan inverse", () => {
  it("matches central finite differences of Σ_ij w_ij (M⁻¹)_ij", () => {
    const m0: Mat = [
      [2, 0.3, -0.2],
      [0.1, 1.5, 0.4],
      [0.6, -0.3, 1.2],
    ];
    const w = tf.tensor2d([
      [1, -2, 0.5],
      [0.3, 1, 2],
      [-1, 0.7, 1.5],
    ]);
    const f = (m: tf.Tensor2D) => tf.sum(tf.mul(gaussJordanInverse(m), w)) as tf.Scalar;
    const mv = tf.variable(tf.tensor2d(m0));
    const g = arr(tf.variableGrads(() => f(mv), [mv]).grads[mv.name]!);
    const h = 1e-2;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const shifted = (d: number) =>
          f(
            tf.tensor2d(m0.map((r, a) => r.map((v, b) => (a === i && b === j ? v + d : v)))),
          ).dataSync()[0]!;
        expect(g[i]![j]!).toBeCloseTo((shifted(h) - shifted(-h)) / (2 * h), 2);
      }
    }
  });
});
