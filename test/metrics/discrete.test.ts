import { describe, expect, it } from "vitest";
import {
  discreteEntropy,
  histogramDiscretize,
  mutualInfo,
} from "../../runtime/metrics/discrete.js";

describe("histogramDiscretize (np.digitize(x, np.histogram(x, 20)[1][:-1]))", () => {
  it("labels 0..10 into 20 equal-width bins over [0, 10], max in bin 20", () => {
    const x = Array.from({ length: 11 }, (_, i) => i);
    // left edges 0, 0.5, …, 9.5: x = i falls in bin 2i + 1, except the maximum in bin 20.
    expect(Array.from(histogramDiscretize(x, 20))).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 20]);
  });
  it("uses the code's own min–max (shift and scale invariant)", () => {
    const x = [-3, -1.5, 0, 7];
    expect(Array.from(histogramDiscretize(x, 20))).toEqual(
      Array.from(
        histogramDiscretize(
          x.map((v) => 2 * v + 100),
          20,
        ),
      ),
    );
  });
  it("puts a constant code in one bin (numpy's range x ± 0.5: label 11)", () => {
    expect(Array.from(histogramDiscretize([2, 2, 2], 20))).toEqual([11, 11, 11]);
  });
  it("rejects non-finite values", () => {
    expect(() => histogramDiscretize([0, NaN])).toThrow(/not finite/);
  });
});

describe("discrete mutual information (sklearn mutual_info_score, nats)", () => {
  const uniform = (c: number, n: number) => Array.from({ length: n }, (_, i) => i % c);
  it("MI(y, y) = ln 4 for labels uniform over 4 values; MI(y, const) = 0", () => {
    const y = uniform(4, 400);
    expect(mutualInfo(y, y)).toBeCloseTo(Math.log(4), 10);
    expect(mutualInfo(y, new Array(400).fill(7))).toBe(0);
  });
  it("MIG normalisers H(v_k) for uniform dSprites factors: ln 3, ln 6, ln 40, ln 32", () => {
    expect(discreteEntropy(uniform(3, 960))).toBeCloseTo(1.0986, 4);
    expect(discreteEntropy(uniform(6, 960))).toBeCloseTo(1.7918, 4);
    expect(discreteEntropy(uniform(40, 960))).toBeCloseTo(3.6889, 4);
    expect(discreteEntropy(uniform(32, 960))).toBeCloseTo(3.4657, 4);
  });
  it("matches the contingency formula on a hand-computed table", () => {
    // pairs: (0,0)×2, (0,1)×1, (1,1)×1 → p = [[1/2,1/4],[0,1/4]]; pa = [3/4,1/4]; pb = [1/2,1/2]
    const a = [0, 0, 0, 1];
    const b = [0, 0, 1, 1];
    const expected =
      0.5 * Math.log(0.5 / (0.75 * 0.5)) +
      0.25 * Math.log(0.25 / (0.75 * 0.5)) +
      0.25 * Math.log(0.25 / (0.25 * 0.5));
    expect(mutualInfo(a, b)).toBeCloseTo(expected, 12);
    expect(mutualInfo(b, a)).toBeCloseTo(expected, 12);
  });
  it("is invariant to relabelling and rejects mismatched lengths", () => {
    expect(mutualInfo([5, 5, 9, 9], [1, 2, 1, 2])).toBe(0);
    expect(mutualInfo([5, 5, 9, 9], [3, 3, -1, -1])).toBeCloseTo(Math.log(2), 12);
    expect(() => mutualInfo([1, 2], [1])).toThrow(/differ in length/);
  });
});
