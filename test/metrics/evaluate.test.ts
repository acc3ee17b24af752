import { describe, expect, it } from "vitest";
import type { Dataset } from "../../runtime/data/types.js";
import { evaluateMetrics } from "../../runtime/metrics/evaluate.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import { encodeInBatches, type EncodeFn } from "../../runtime/metrics/sampling.js";

/** A 3 × 4 factor grid; the image's first two pixels encode the factors. */
function fakeDataset(withRender: boolean): Dataset {
  const sizes = [3, 4];
  const render = (f: Int32Array): Float32Array => {
    const n = f.length / 2;
    const x = new Float32Array(n * 4);
    for (let i = 0; i < n; i++) {
      x[i * 4] = (f[i * 2] as number) / 2;
      x[i * 4 + 1] = (f[i * 2 + 1] as number) / 3;
    }
    return x;
  };
  const factors = (idx: ArrayLike<number>): Int32Array => {
    const out = new Int32Array(idx.length * 2);
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i] as number;
      if (v < 0 || v >= 12) throw new RangeError(`index ${v}`);
      out[i * 2] = Math.floor(v / 4);
      out[i * 2 + 1] = v % 4;
    }
    return out;
  };
  return {
    name: "fake",
    size: 12,
    imageShape: [2, 2, 1],
    factorNames: ["a", "b"],
    factorSizes: sizes,
    factors,
    images: (idx) => render(factors(idx)),
    ...(withRender ? { observationsFromFactors: render } : {}),
  };
}

/** mu = the first two pixels; records every batch size it was called with. */
function recordingEncoder(calls: number[]): EncodeFn {
  return async (x, n) => {
    calls.push(n);
    const mu = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      mu[i * 2] = x[i * 4] as number;
      mu[i * 2 + 1] = x[i * 4 + 1] as number;
    }
    return { mu, logvar: new Float32Array(n * 2), dim: 2 };
  };
}

describe("encodeInBatches", () => {
  it("encodes every batch (incl. a short last one) and concatenates them, no averaging", async () => {
    const calls: number[] = [];
    const n = 10;
    const images = (start: number, count: number) =>
      Float32Array.from({ length: count * 4 }, (_, t) =>
        t % 4 === 0 ? start + t / 4 : t % 4 === 1 ? 1 : 0,
      );
    const { codes, dim } = await encodeInBatches(
      images,
      n,
      recordingEncoder(calls),
      { representation: "mean", batchSize: 3 },
      createMetricRng(0),
    );
    expect(calls).toEqual([3, 3, 3, 1]);
    expect(dim).toBe(2);
    expect(Array.from(codes)).toEqual(Array.from({ length: n }, (_, i) => [i, 1]).flat());
  });
  it("rejects an encoder that returns the wrong number of rows", async () => {
    const bad: EncodeFn = async () => ({
      mu: new Float32Array(2),
      logvar: new Float32Array(2),
      dim: 2,
    });
    await expect(
      encodeInBatches(
        () => new Float32Array(12),
        3,
        bad,
        { representation: "mean", batchSize: 3 },
        createMetricRng(0),
      ),
    ).rejects.toThrow(/expected 3\*2/);
  });
});

describe("evaluateMetrics", () => {
  it("renders uniformly sampled factors, encodes in batches and scores MIG ≈ 1", async () => {
    const calls: number[] = [];
    const r = await evaluateMetrics({
      names: ["mig", "gaussian_tc"],
      dataset: fakeDataset(true),
      encode: recordingEncoder(calls),
      samples: 200,
      batchSize: 7,
    });
    expect(r.mig!.value).toBeGreaterThan(0.9);
    expect(r.mig!.samples.train).toBe(200);
    expect(r.mig!.extra).toHaveProperty("mig_a");
    expect(calls.slice(0, 29).reduce((a, b) => a + b, 0)).toBe(200); // 28 × 7 + 4
    expect(calls[28]).toBe(4);
    expect(Math.abs(r.gaussian_tc!.value)).toBeLessThan(0.05); // independent factors
  });
  it("refuses a score that is not a finite number, and names the metric in a runner's error", async () => {
    // 6 codes from 4 points: their covariance has rank ≤ 3, so the Gaussian TC is infinite
    const constant: EncodeFn = async (x, n) => {
      const mu = new Float32Array(n * 6);
      for (let i = 0; i < n; i++) {
        const [a, b] = [x[i * 4] as number, x[i * 4 + 1] as number];
        mu.set([a, b, a * a, b * b, Math.sin(3 * a + b), Math.cos(a - 2 * b)], i * 6);
      }
      return { mu, logvar: new Float32Array(n * 6), dim: 6 };
    };
    const opts = { dataset: fakeDataset(true), encode: constant, samples: 4 };
    await expect(evaluateMetrics({ ...opts, names: ["gaussian_tc"] })).rejects.toThrow(
      /^gaussian_tc: the score is not a finite number \(.*\) with 4 points; try more samples than 4$/,
    );
    await expect(evaluateMetrics({ ...opts, names: ["explicitness"] })).rejects.toThrow(
      /^explicitness: .*; try more samples than 4$/,
    );
  });
  it("works by example index when the data set cannot render factors (pool for fixed factors)", async () => {
    const r = await evaluateMetrics({
      names: ["mig", "factor_vae_score", "beta_vae_score"],
      dataset: fakeDataset(false),
      encode: recordingEncoder([]),
      samples: 100,
    });
    expect(r.mig!.value).toBeGreaterThan(0.9);
    expect(r.factor_vae_score!.value).toBe(1);
    expect(r.beta_vae_score!.value).toBeGreaterThan(0.9);
  });
  it("is deterministic from the seed; 'sample' adds posterior noise", async () => {
    const run = (representation: "mean" | "sample", seed: number) =>
      evaluateMetrics({
        names: ["gaussian_tc"],
        dataset: fakeDataset(true),
        encode: recordingEncoder([]),
        samples: 100,
        representation,
        seed,
      });
    const a = await run("sample", 3);
    const b = await run("sample", 3);
    const c = await run("mean", 3);
    expect(a.gaussian_tc!.value).toBe(b.gaussian_tc!.value);
    expect(a.gaussian_tc!.value).not.toBe(c.gaussian_tc!.value);
    expect(a.gaussian_tc!.representation).toBe("sample");
  });
  it("names the valid metrics for an unknown one, and unknown factors", async () => {
    const ds = fakeDataset(true);
    await expect(
      evaluateMetrics({ names: ["migg"], dataset: ds, encode: recordingEncoder([]) }),
    ).rejects.toThrow(/unknown metric "migg"; valid metrics are mig, /);
    await expect(
      evaluateMetrics({
        names: ["mig"],
        dataset: ds,
        encode: recordingEncoder([]),
        factors: ["c"],
      }),
    ).rejects.toThrow(/unknown factor "c"/);
  });
});
