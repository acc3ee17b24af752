import { describe, expect, it } from "vitest";
import { dci, dciCompleteness, dciDisentanglement } from "../../runtime/metrics/dci.js";
import { fitGbt, predictGbt } from "../../runtime/metrics/gbt.js";
import { evaluateWithSource } from "../../runtime/metrics/evaluate.js";
import { factorSource } from "../../runtime/metrics/sampling.js";

const eye = (n: number) =>
  Float64Array.from({ length: n * n }, (_, t) => (Math.floor(t / n) === t % n ? 1 : 0));
const C_DUP = 1 - Math.log(2) / Math.log(10); // 0.69897

describe("DCI from an importance matrix (values.md)", () => {
  it("identity → D = 1, C = 1", () => {
    expect(dciDisentanglement(eye(10), 10, 10)).toBeCloseTo(1, 6);
    expect(dciCompleteness(eye(10), 10, 10)).toBeCloseTo(1, 6);
  });
  it("codes duplicated [I; I] (10 codes, 5 factors) → D = 1, C = 0.69897", () => {
    const R = new Float64Array(10 * 5);
    for (let i = 0; i < 10; i++) R[i * 5 + (i % 5)] = 1;
    expect(dciDisentanglement(R, 10, 5)).toBeCloseTo(1, 6);
    expect(dciCompleteness(R, 10, 5)).toBeCloseTo(C_DUP, 5);
    expect(C_DUP).toBeCloseTo(0.69897, 5);
  });
  it("one code for two factors (5 codes, 10 factors) → D = 0.69897, C = 1", () => {
    const R = new Float64Array(5 * 10);
    for (let i = 0; i < 5; i++) R[i * 10 + 2 * i] = R[i * 10 + 2 * i + 1] = 1;
    expect(dciDisentanglement(R, 5, 10)).toBeCloseTo(C_DUP, 5);
    expect(dciCompleteness(R, 5, 10)).toBeCloseTo(1, 6);
  });
  it("all-zero importance → 0 / 0 (uniform weights)", () => {
    const R = new Float64Array(6 * 4);
    expect(dciDisentanglement(R, 6, 4)).toBeCloseTo(0, 9);
    expect(dciCompleteness(R, 6, 4)).toBeCloseTo(0, 9);
  });
  it("weights codes by their share of the total importance", () => {
    // code 0: pure (weight 2/3), code 1: uniform over 2 factors (D_1 = 0, weight 1/3) → 2/3
    expect(dciDisentanglement([2, 0, 0.5, 0.5], 2, 2)).toBeCloseTo(2 / 3, 6);
  });
});

describe("gradient-boosted trees (sklearn GradientBoostingClassifier defaults)", () => {
  it("learns a binary threshold and a 3-class interval rule, importance on the used feature", () => {
    const n = 300;
    const x = new Float64Array(n * 2);
    const y2 = new Int32Array(n);
    const y3 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i * 2] = (i * 7919) % 101; // informative
      x[i * 2 + 1] = (i * 104729) % 37; // unrelated
      y2[i] = (x[i * 2] as number) > 50 ? 1 : 0;
      y3[i] = Math.min(2, Math.floor((x[i * 2] as number) / 34));
    }
    for (const y of [y2, y3]) {
      const m = fitGbt(x, n, 2, y, { nEstimators: 20 });
      const acc = predictGbt(m, x, n, 2).reduce((a, p, i) => a + (p === y[i] ? 1 : 0), 0) / n;
      expect(acc).toBe(1);
      expect(m.importances[0]).toBeGreaterThan(0.99);
      expect((m.importances[0] as number) + (m.importances[1] as number)).toBeCloseTo(1, 12);
    }
  });
});

describe("DCI end to end", () => {
  it("representation = the factors (5 factors × 4 values): D and C in [0.9, 1], informativeness 1", async () => {
    const r = await evaluateWithSource(["dci"], factorSource([4, 4, 4, 4, 4]), { samples: 400 });
    expect(r.dci!.value).toBeGreaterThanOrEqual(0.9);
    expect(r.dci!.extra!.completeness).toBeGreaterThanOrEqual(0.9);
    expect(r.dci!.extra!.informativeness_test).toBe(1);
    expect(r.dci!.samples).toEqual({ train: 400, test: 200 });
  });
  it("rejects train/test of different widths", () => {
    const a = {
      codes: { data: new Float32Array(8), n: 4, dim: 2 },
      factors: { data: new Int32Array([0, 1, 0, 1]), n: 4, k: 1 },
    };
    const b = { codes: { data: new Float32Array(12), n: 4, dim: 3 }, factors: a.factors };
    expect(() => dci(a, b)).toThrow(/shapes differ/);
  });
});
