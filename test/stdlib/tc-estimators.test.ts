import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  dimwiseKl,
  gaussianLogDensityScalar,
  minibatchLogDensities,
  mssLogWeights,
  mssWeightsArray,
  mutualInfo,
  tcDecomposition,
  totalCorrelation,
} from "../../stdlib/index.js";
import { ctxWith, leakedBy, randn, val } from "./helpers.js";

/** float64 reference of the four log densities, straight from methods.md §3. */
function reference(z: number[][], mu: number[][], lv: number[][], est: "mws" | "mss", N: number) {
  const B = z.length;
  const D = z[0]!.length;
  const W = mssWeightsArray(B, N);
  const lse = (xs: number[]) => {
    const m = Math.max(...xs);
    return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  };
  const M = (i: number, j: number, d: number) =>
    gaussianLogDensityScalar(z[i]![d]!, mu[j]![d]!, lv[j]![d]!);
  const out = {
    condx: [] as number[],
    qz: [] as number[],
    prod: [] as number[],
    pz: [] as number[],
  };
  for (let i = 0; i < B; i++) {
    const logw = (j: number) => (est === "mss" ? Math.log(W[i * B + j]!) : -Math.log(N * B));
    const joint: number[] = [];
    for (let j = 0; j < B; j++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += M(i, j, d);
      joint.push(s + logw(j));
    }
    out.qz.push(lse(joint));
    let prod = 0;
    let condx = 0;
    let pz = 0;
    for (let d = 0; d < D; d++) {
      prod += lse(Array.from({ length: B }, (_, j) => M(i, j, d) + logw(j)));
      condx += M(i, i, d);
      pz += gaussianLogDensityScalar(z[i]![d]!, 0, 0);
    }
    out.prod.push(prod);
    out.condx.push(condx);
    out.pz.push(pz);
  }
  return out;
}

describe("MSS weight matrix (values.md; the intended matrix, methods.md §3)", () => {
  for (const [B, N] of [
    [5, 100],
    [64, 737280],
    [2, 10],
  ] as const) {
    it(`B = ${B}, N = ${N}: rows sum to 1, W[i,i] = 1/N, one strat entry per row`, () => {
      const logW = mssLogWeights(B, N);
      const w = Array.from(tf.exp(logW).dataSync());
      logW.dispose();
      for (let i = 0; i < B; i++) {
        const row = w.slice(i * B, (i + 1) * B);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(row[i]).toBeCloseTo(1 / N, 7);
        expect(row[(i + 1) % B]).toBeCloseTo((N - B + 1) / (N * (B - 1)), 6);
      }
      // not the official stride bug: column 0 is 1/N only on the diagonal
      if (B > 2) expect(w[1 * B + 0]).not.toBeCloseTo(1 / N, 7);
    });
  }
  it("rejects N < B", () => expect(() => mssLogWeights(10, 5)).toThrow(/at least the batch size/));
});

describe("TC, MWS without the −log(NB) constants (values.md)", () => {
  // μ = 0, lv = 0: M[i,j,d] does not depend on j, so TC = (1 − D)·ln B exactly for any z.
  // values.md states B = 10⁴; the [B,B,D] matrix at that size is 10⁹ log-densities (≈ 3 min
  // for D = 1 on the tfjs cpu backend here), so the test runs B = 400 (expected −9 ln 400) and
  // checks the chunked computation against the same closed form.
  it("D = 1 → 0 and D = 10 → −9 ln B", () => {
    for (const [D, B] of [
      [1, 400],
      [10, 400],
    ] as const) {
      const got = tf.tidy(() => {
        const z = randn([B, D], 7);
        const zero = tf.zeros([B, D]) as tf.Tensor2D;
        return val(tcDecomposition(z, zero, zero, "mws", 1e5, false).totalCorrelation);
      });
      expect(got).toBeCloseTo(-(D - 1) * Math.log(B), 1);
    }
  });
  it("−82.893 = −9 ln 10⁴ (the stated B) holds for the closed form the test uses", () => {
    expect(-9 * Math.log(1e4)).toBeCloseTo(-82.893, 3);
  });
  it("with constants, MWS TC at μ = 0, lv = 0 is (D − 1)·ln N", () => {
    const got = tf.tidy(() => {
      const z = randn([50, 4], 3);
      const zero = tf.zeros([50, 4]) as tf.Tensor2D;
      return val(tcDecomposition(z, zero, zero, "mws", 1000, true).totalCorrelation);
    });
    expect(got).toBeCloseTo(3 * Math.log(1000), 3);
  });
});

describe("minibatch estimators vs a float64 reference", () => {
  const B = 12;
  const D = 3;
  const N = 500;
  for (const est of ["mws", "mss"] as const) {
    it(`${est}: log q(z), Σ_d log q(z_d), log q(z|x), log p(z) match; chunking does not change them`, () => {
      tf.tidy(() => {
        const mu = randn([B, D], 1);
        const lv = tf.mul(0.5, randn([B, D], 2)) as tf.Tensor2D;
        const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, lv)), randn([B, D], 3))) as tf.Tensor2D;
        const ref = reference(z.arraySync(), mu.arraySync(), lv.arraySync(), est, N);
        for (const chunk of [1 << 22, D * B]) {
          const d = minibatchLogDensities(z, mu, lv, est, N, true, chunk);
          const pairs: [tf.Tensor1D, number[]][] = [
            [d.logqz, ref.qz],
            [d.logqzProdMarginals, ref.prod],
            [d.logqzCondx, ref.condx],
            [d.logpz, ref.pz],
          ];
          for (const [t, r] of pairs) {
            const got = Array.from(t.dataSync());
            got.forEach((g, i) => expect(g).toBeCloseTo(r[i]!, 3));
          }
        }
      });
    });
  }
});

describe("beta-TCVAE identity: MI + TC + dimwise-KL = E[log q(z|x) − log p(z)]", () => {
  for (const est of ["mws", "mss"] as const) {
    it(`${est}, through the three penalties`, () => {
      tf.tidy(() => {
        const B = 32;
        const mu = randn([B, 6], 11, 1.5);
        const logvar = tf.sub(randn([B, 6], 12, 0.5), 1) as tf.Tensor2D;
        const sample = tf.add(
          mu,
          tf.mul(tf.exp(tf.mul(0.5, logvar)), randn([B, 6], 13)),
        ) as tf.Tensor2D;
        const ctx = ctxWith({
          latents: { z: { mu, logvar, sample } },
          batchSize: B,
          datasetSize: 60000,
        });
        const mi = val(mutualInfo.compute(ctx, { latent: "z", estimator: est }));
        const tc = val(
          totalCorrelation.compute(ctx, { latent: "z", estimator: est, constants: true }),
        );
        const dw = val(dimwiseKl.compute(ctx, { latent: "z", estimator: est }));
        const d = minibatchLogDensities(sample, mu, logvar, est, 60000);
        const mc = val(tf.mean(tf.sub(d.logqzCondx, d.logpz)));
        expect(mi + tc + dw).toBeCloseTo(mc, 3);
        expect(Math.abs(mi) + Math.abs(tc) + Math.abs(dw)).toBeGreaterThan(0.1); // not all zero
      });
    });
  }
});

describe("mss TC of identical posteriors", () => {
  it("is 0 (every row of W sums to 1)", () => {
    const got = tf.tidy(() => {
      const B = 40;
      const mu = tf.tile(tf.tensor2d([[0.3, -1, 2, 0.5]]), [B, 1]) as tf.Tensor2D;
      const logvar = tf.tile(tf.tensor2d([[-1, 0, 0.5, -2]]), [B, 1]) as tf.Tensor2D;
      const sample = tf.add(mu, randn([B, 4], 5)) as tf.Tensor2D;
      const ctx = ctxWith({
        latents: { z: { mu, logvar, sample } },
        batchSize: B,
        datasetSize: 10000,
      });
      return val(totalCorrelation.compute(ctx, { latent: "z", estimator: "mss", constants: true }));
    });
    expect(Math.abs(got)).toBeLessThan(1e-4);
  });
});

describe("tensor hygiene", () => {
  it("the estimator terms leak no tensors", () => {
    const mu = randn([16, 5], 1);
    const logvar = randn([16, 5], 2, 0.3);
    const ctx = ctxWith({
      latents: { z: { mu, logvar, sample: mu } },
      batchSize: 16,
      datasetSize: 100,
    });
    for (const est of ["mws", "mss"] as const) {
      expect(
        leakedBy(() =>
          totalCorrelation.compute(ctx, { latent: "z", estimator: est, constants: true }),
        ),
      ).toBe(0);
      expect(leakedBy(() => mutualInfo.compute(ctx, { latent: "z", estimator: est }))).toBe(0);
      expect(leakedBy(() => dimwiseKl.compute(ctx, { latent: "z", estimator: est }))).toBe(0);
      expect(
        leakedBy(
          () =>
            minibatchLogDensities(
              mu,
              mu,
              logvar,
              est,
              100,
              true,
              20,
            ) as unknown as tf.TensorContainer,
        ),
      ).toBe(0);
    }
    tf.dispose([mu, logvar]);
  });
  it("gradients flow from TC to mu and logvar", () => {
    const mu = randn([8, 3], 4);
    const logvar = randn([8, 3], 5, 0.2);
    const eps = randn([8, 3], 6);
    const g = tf.grads((m: tf.Tensor, l: tf.Tensor) => {
      const s = tf.add(m, tf.mul(tf.exp(tf.mul(0.5, l)), eps)) as tf.Tensor2D;
      const ctx = ctxWith({
        latents: { z: { mu: m as tf.Tensor2D, logvar: l as tf.Tensor2D, sample: s } },
        batchSize: 8,
        datasetSize: 100,
      });
      return totalCorrelation.compute(ctx, { latent: "z", estimator: "mss", constants: true });
    })([mu, logvar]);
    for (const t of g) expect(Number.isFinite(tf.sum(tf.abs(t)).dataSync()[0]!)).toBe(true);
    expect(tf.sum(tf.abs(g[0]!)).dataSync()[0]!).toBeGreaterThan(0);
    tf.dispose([mu, logvar, eps, ...g]);
  });
});
