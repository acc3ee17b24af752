import { describe, expect, it } from "vitest";
import type { Dataset } from "../../runtime/data/types.js";
import { evaluateMetrics, evaluateWithSource } from "../../runtime/metrics/evaluate.js";
import {
  migContinuous,
  migContinuousFromSamples,
  type Posterior,
} from "../../runtime/metrics/mig-continuous.js";
import { createMetricRng, uniformFactors } from "../../runtime/metrics/rng.js";
import { factorSource, type EncodeFn } from "../../runtime/metrics/sampling.js";
import type { Factors } from "../../runtime/metrics/types.js";

const SIZES = [3, 4, 5];

/** N uniform factor rows and a posterior built per row from them. */
function build(
  n: number,
  seed: number,
  dim: number,
  fill: (
    f: Int32Array,
    i: number,
    d: number,
    rng: ReturnType<typeof createMetricRng>,
  ) => [number, number],
) {
  const rng = createMetricRng(seed);
  const data = uniformFactors(SIZES, n, rng);
  const mu = new Float32Array(n * dim);
  const logvar = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++)
      [mu[i * dim + d], logvar[i * dim + d]] = fill(data.subarray(i * 3, i * 3 + 3), i, d, rng);
  }
  const factors: Factors = { data, n, k: 3 };
  return { post: { mu, logvar, n, dim } as Posterior, factors };
}

/** Direct float64 estimator: no max trick, no typed buffers, plain definitions. */
function naiveMig(post: Posterior, z: Float64Array, f: Factors): { mig: number; mi: number[][] } {
  const { n, dim } = post;
  const logq = (s: number, j: number, members: number[]) => {
    let sum = 0;
    for (const a of members) {
      const m = post.mu[a * dim + j] as number;
      const lv = post.logvar[a * dim + j] as number;
      const x = z[s * dim + j] as number;
      sum += Math.exp(
        -0.5 * Math.log(2 * Math.PI) - 0.5 * lv - (0.5 * (x - m) ** 2) / Math.exp(lv),
      );
    }
    return Math.log(sum / members.length);
  };
  const entropy = (j: number, members: number[]) =>
    -members.reduce((acc, s) => acc + logq(s, j, members), 0) / members.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const mi: number[][] = [];
  const gaps: number[] = [];
  for (let k = 0; k < f.k; k++) {
    const groups = new Map<number, number[]>();
    all.forEach((i) =>
      groups.set(f.data[i * f.k + k] as number, [
        ...(groups.get(f.data[i * f.k + k] as number) ?? []),
        i,
      ]),
    );
    let hv = 0;
    for (const g of groups.values()) hv -= (g.length / n) * Math.log(g.length / n);
    const row: number[] = [];
    for (let j = 0; j < dim; j++) {
      let cond = 0;
      for (const g of groups.values()) cond += (g.length / n) * entropy(j, g);
      row.push(Math.max(0, entropy(j, all) - cond));
    }
    mi.push(row);
    const sorted = [...row].sort((a, b) => b - a);
    gaps.push(((sorted[0] as number) - (sorted[1] ?? 0)) / hv);
  }
  return { mig: gaps.reduce((a, b) => a + b, 0) / gaps.length, mi };
}

describe("migContinuous (Chen et al. 2018)", () => {
  it("scores ≈ 1 for a low-noise scaled copy of the factors", () => {
    const { post, factors } = build(600, 1, 3, (f, _i, d, rng) => [
      (f[d] as number) * 0.5 + 0.01 * rng.normal(),
      Math.log(0.02 ** 2),
    ]);
    const r = migContinuous(post, factors, createMetricRng(0));
    expect(r.mig).toBeGreaterThan(0.8);
    // I(z_k; v_k) ≈ H(v_k) ≈ log |V_k|
    SIZES.forEach((s, k) => expect(r.mi[k * 3 + k]!).toBeCloseTo(Math.log(s), 1));
  });

  it("scores ≈ 0 for codes independent of the factors", () => {
    const { post, factors } = build(600, 2, 4, (_f, _i, _d, rng) => [
      rng.normal(),
      Math.log(0.3 ** 2),
    ]);
    const r = migContinuous(post, factors, createMetricRng(0));
    expect(r.mig).toBeGreaterThanOrEqual(0);
    expect(r.mig).toBeLessThan(0.1);
  });

  it("scores ≈ 0 for duplicated codes (top1 = top2)", () => {
    const { post, factors } = build(600, 3, 6, (f, _i, d) => [
      f[d % 3] as number,
      Math.log(0.02 ** 2),
    ]);
    const r = migContinuous(post, factors, createMetricRng(0));
    expect(r.mi[0]!).toBeGreaterThan(0.9); // the copies are informative …
    expect(r.mig).toBeLessThan(0.05); // … but there is no gap
  });

  it("agrees with a direct float64 computation on a tiny example", () => {
    const { post, factors } = build(24, 4, 3, (f, _i, d, rng) => [
      (f[d] as number) * 0.3 + 0.5 * rng.normal(),
      Math.log(0.2 + rng.next()),
    ]);
    const zr = createMetricRng(9);
    const z = Float64Array.from(
      { length: post.n * post.dim },
      (_, t) => (post.mu[t] as number) + Math.exp(0.5 * (post.logvar[t] as number)) * zr.normal(),
    );
    const r = migContinuousFromSamples(post, z, factors);
    const ref = naiveMig(post, z, factors);
    expect(Math.abs(r.mig - ref.mig)).toBeLessThan(1e-10);
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++)
        expect(Math.abs(r.mi[j * 3 + k]! - ref.mi[k]![j]!)).toBeLessThan(1e-10);
  });

  it("rejects mismatched shapes, a constant factor and non-finite logvar", () => {
    const { post, factors } = build(10, 5, 2, (f, _i, d) => [f[d] as number, 0]);
    expect(() =>
      migContinuous({ ...post, logvar: new Float32Array(3) }, factors, createMetricRng(0)),
    ).toThrow(/expected n\*dim = 10\*2/);
    expect(() =>
      migContinuous(post, { data: new Int32Array(10), n: 10, k: 1 }, createMetricRng(0)),
    ).toThrow(/single value/);
    const bad = Float32Array.from(post.logvar);
    bad[3] = NaN;
    expect(() => migContinuous({ ...post, logvar: bad }, factors, createMetricRng(0))).toThrow(
      /non-finite mu or logvar at example 1, latent 1/,
    );
  });

  it("runs as mig(variant: continuous) through evaluateWithSource with the posterior", async () => {
    const posterior = factorSource(SIZES, (f, n) => {
      const codes = new Float32Array(n * 6);
      for (let i = 0; i < n; i++)
        for (let d = 0; d < 3; d++)
          [codes[i * 6 + d], codes[i * 6 + 3 + d]] = [f[i * 3 + d] as number, Math.log(0.05 ** 2)];
      return { codes, dim: 6 };
    });
    const r = await evaluateWithSource(["mig"], factorSource(SIZES), {
      samples: 300,
      migVariant: "continuous",
      posteriorSource: posterior,
    });
    expect(r.mig!.variant).toBe("chen-continuous");
    expect(r.mig!.samples).toEqual({ train: 300 });
    expect(r.mig!.value).toBeGreaterThan(0.9);
    await expect(
      evaluateWithSource(["mig"], factorSource(SIZES), { samples: 300, migVariant: "continuous" }),
    ).rejects.toThrow(/needs the encoder's mu and logvar/);
  });
});

describe("evaluateMetrics with migVariant continuous", () => {
  /** 12 images of a 3 × 4 grid; pixel 0, 1 = the factors; the encoder returns them with logvar log(0.05²). */
  const dataset: Dataset = {
    name: "grid",
    size: 12,
    imageShape: [2, 1, 1],
    factorNames: ["a", "b"],
    factorSizes: [3, 4],
    factors: (idx) => Int32Array.from(Array.from(idx).flatMap((v) => [Math.floor(v / 4), v % 4])),
    images: (idx) => Float32Array.from(Array.from(idx).flatMap((v) => [Math.floor(v / 4), v % 4])),
  };
  const encode: EncodeFn = async (x, n) => ({
    mu: Float32Array.from(x),
    logvar: new Float32Array(n * 2).fill(Math.log(0.05 ** 2)),
    dim: 2,
  });

  it("reads mu and logvar from the encoder and scores a factor-aligned encoder ≈ 1", async () => {
    const r = await evaluateMetrics({
      names: ["mig"],
      dataset,
      encode,
      samples: 300,
      migVariant: "continuous",
      batchSize: 7,
    });
    expect(r.mig!.variant).toBe("chen-continuous");
    expect(r.mig!.value).toBeGreaterThan(0.9);
    expect(Object.keys(r.mig!.extra ?? {})).toEqual(["mig_a", "mig_b"]);
  });

  it("uses logvar: broad posteriors lower the score", async () => {
    const wide: EncodeFn = async (x, n) => ({
      mu: Float32Array.from(x),
      logvar: new Float32Array(n * 2).fill(Math.log(2 ** 2)),
      dim: 2,
    });
    const r = await evaluateMetrics({
      names: ["mig"],
      dataset,
      encode: wide,
      samples: 300,
      migVariant: "continuous",
    });
    expect(r.mig!.value).toBeLessThan(0.3);
  });

  it("rejects the sample representation and a malformed logvar", async () => {
    await expect(
      evaluateMetrics({
        names: ["mig"],
        dataset,
        encode,
        samples: 50,
        migVariant: "continuous",
        representation: "sample",
      }),
    ).rejects.toThrow(/representation: sample does not apply/);
    const bad: EncodeFn = async (x, n) => ({
      mu: Float32Array.from(x),
      logvar: new Float32Array(n),
      dim: 2,
    });
    await expect(
      evaluateMetrics({
        names: ["mig"],
        dataset,
        encode: bad,
        samples: 50,
        migVariant: "continuous",
      }),
    ).rejects.toThrow(/logvar of length/);
  });
});
