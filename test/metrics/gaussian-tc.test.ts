import { describe, expect, it } from "vitest";
import {
  gaussianTcFromCodes,
  gaussianTotalCorrelation,
} from "../../runtime/metrics/gaussian-tc.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { modularityFromMi } from "../../runtime/metrics/modularity.js";
import { rocAuc } from "../../runtime/metrics/roc-auc.js";

describe("Gaussian total correlation ½(Σ ln diag Σ − ln det Σ)", () => {
  it("Σ = I5 → 0; codes drawn from N(0, I5) → 0 ± 0.01", () => {
    const I5 = Float64Array.from({ length: 25 }, (_, t) => (t % 6 === 0 ? 1 : 0));
    expect(gaussianTotalCorrelation(I5, 5)).toBeCloseTo(0, 12);
    const rng = createMetricRng(0);
    const n = 10_000;
    const data = Float32Array.from({ length: n * 5 }, () => rng.normal());
    expect(Math.abs(gaussianTcFromCodes({ data, n, dim: 5 }).tc)).toBeLessThan(0.01);
  });
  it("correlation ρ = 0.5 in 2-D → −½ ln(1 − ρ²); scale-invariant; singular → ∞", () => {
    expect(gaussianTotalCorrelation([1, 0.5, 0.5, 1], 2)).toBeCloseTo(-0.5 * Math.log(0.75), 12);
    expect(gaussianTotalCorrelation([4, 1, 1, 1], 2)).toBeCloseTo(-0.5 * Math.log(0.75), 12);
    expect(gaussianTotalCorrelation([1, 1, 1, 1], 2)).toBe(Infinity);
  });
});

describe("modularity and ROC-AUC helpers", () => {
  it("modularity: one factor per code → 1; equal MI to all K factors → 0", () => {
    expect(modularityFromMi([1, 0, 0, 2], 2, 2)).toBe(1);
    expect(modularityFromMi([1, 1, 1], 1, 3)).toBeCloseTo(0, 12);
    expect(modularityFromMi([0, 0], 1, 2)).toBe(0);
  });
  it("AUC: perfect ranking 1, reversed 0, ties ½", () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75); // sklearn's docstring example
  });
});
