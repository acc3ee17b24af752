/** The study report's statistics against hand computations (and numpy/scipy's conventions). */
import { describe, expect, it } from "vitest";
import { averageRanks, quantileSorted, spearman, summarize } from "../../runtime/study/stats.js";

describe("summarize", () => {
  it("gives median, type-7 quartiles, mean, sample std and the Student-t 95 % CI", () => {
    // values 0.1, 0.2, 0.4, 0.8 (sorted): median = 0.3; q1 = 0.1 + 0.75·0.1 = 0.175;
    // q3 = 0.4 + 0.25·0.4 = 0.5; mean = 0.375; std = sqrt(((-.275)²+(-.175)²+(.025)²+(.425)²)/3)
    const s = summarize([0.4, 0.1, 0.8, 0.2]);
    expect(s.n).toBe(4);
    expect(s.median).toBeCloseTo(0.3, 12);
    expect(s.q1).toBeCloseTo(0.175, 12);
    expect(s.q3).toBeCloseTo(0.5, 12);
    expect(s.min).toBe(0.1);
    expect(s.max).toBe(0.8);
    expect(s.mean).toBeCloseTo(0.375, 12);
    const std = Math.sqrt((0.275 ** 2 + 0.175 ** 2 + 0.025 ** 2 + 0.425 ** 2) / 3);
    expect(s.std).toBeCloseTo(std, 12);
    // t(0.975, 3) = 3.182446305284263 (scipy.stats.t.ppf)
    const half = 3.182446305284263 * (std / 2);
    expect(s.ci95![0]).toBeCloseTo(0.375 - half, 7);
    expect(s.ci95![1]).toBeCloseTo(0.375 + half, 7);
  });

  it("has no CI for one value and refuses empty or non-finite input", () => {
    const one = summarize([0.25]);
    expect([one.median, one.q1, one.q3, one.mean]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(one.std).toBeNull();
    expect(one.ci95).toBeNull();
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, NaN])).toThrow(RangeError);
  });

  it("interpolates quantiles like numpy.quantile", () => {
    // numpy.quantile([1, 2, 3, 4, 5], [0.1, 0.9]) = [1.4, 4.6]
    expect(quantileSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
  });
});

describe("spearman", () => {
  it("ranks ties by their average, as scipy.stats.rankdata", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it("matches scipy.stats.spearmanr on a hand-checked case", () => {
    // ranks a = [1, 2, 3, 4, 5], b = [2, 1, 4, 3, 5]: d² = 1+1+1+1+0 = 4, ρ = 1 − 6·4/(5·24) = 0.8
    expect(spearman([0.1, 0.2, 0.3, 0.4, 0.5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // with ties (scipy: spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).statistic = 0.9486832980505138)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
  });

  it("is undefined for fewer than 3 pairs or a constant side", () => {
    expect(spearman([1, 2], [2, 1])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
