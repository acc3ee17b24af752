/**
 * Issue #21, "every metric parameter wired": each parameter a metric entry declares
 * (stdlib/metrics) reaches the runtime and changes the computation as its doc says —
 * bins (MIG, modularity histograms), test_samples (held-out split), variance_samples and
 * prune_threshold (FactorVAE), batch (BetaVAE pairs / FactorVAE votes; elsewhere the encoder's
 * batch only), each against a direct computation. params-registry.test.ts covers every
 * declared parameter of every metric.
 */
import { describe, expect, it } from "vitest";
import { betaVaePoints, betaVaeScore } from "../../runtime/metrics/beta-vae.js";
import { dci } from "../../runtime/metrics/dci.js";
import { evaluateWithSource } from "../../runtime/metrics/evaluate.js";
import { factorVaeScore } from "../../runtime/metrics/factor-vae.js";
import { mig } from "../../runtime/metrics/mig.js";
import { modularity } from "../../runtime/metrics/modularity.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import type { RepresentationSource } from "../../runtime/metrics/sampling.js";
import { evaluateSpecMetrics } from "../../runtime/metrics/spec-metrics.js";
import { encoder, grid, noisy } from "./params-fixtures.js";

/** Codes and factors of n points drawn the way a runner draws them (seed 0, full factor set). */
async function drawn(n: number) {
  const s = await noisy().sample(n, createMetricRng(0));
  return { codes: { data: s.codes, n, dim: 3 }, factors: { data: s.factors, n, k: 2 } };
}

describe("bins", () => {
  it("mig and modularity use `bins` equal-width bins: bins 3 ≠ bins 20, and = the direct computation", async () => {
    const run = (bins: number) =>
      evaluateWithSource(["mig", "modularity"], noisy(), { samples: 400, bins });
    const [b3, b20, d] = [await run(3), await run(20), await drawn(400)];
    expect(b3.mig!.value).not.toBeCloseTo(b20.mig!.value, 3);
    expect(b3.modularity!.value).not.toBeCloseTo(b20.modularity!.value, 3);
    expect(b3.mig!.value).toBe(mig(d.codes, d.factors, { bins: 3 }).mig);
    expect(b20.mig!.value).toBe(mig(d.codes, d.factors).mig);
    expect(b3.modularity!.value).toBe(modularity(d.codes, d.factors, 3));
    expect(b3.mig!.variant).toBe("dlib-histogram-3bins");
  });
});

describe("test_samples", () => {
  it("sets the held-out count (else ⌈samples/2⌉): dci on 60/17 points = the direct split", async () => {
    const r = await evaluateWithSource(["dci"], noisy(), { samples: 60, testSamples: 17 });
    expect(r.dci!.samples).toEqual({ train: 60, test: 17 });
    const src = noisy();
    const rng = createMetricRng(0);
    const part = async (n: number) => {
      const s = await src.sample(n, rng);
      return { codes: { data: s.codes, n, dim: 3 }, factors: { data: s.factors, n, k: 2 } };
    };
    const train = await part(60);
    const ref = dci(train, await part(17));
    expect(r.dci!.value).toBe(ref.disentanglement);
    expect(r.dci!.extra!.informativeness_test).toBe(ref.informativenessTest);
    const half = await evaluateWithSource(["dci"], noisy(), { samples: 60 });
    expect(half.dci!.samples).toEqual({ train: 60, test: 30 });
    expect(half.dci!.extra!.informativeness_test).not.toBe(ref.informativenessTest);
  });
  it("sap (discrete), explicitness, beta_vae_score and factor_vae_score report the count they used", async () => {
    const names = ["sap", "explicitness", "beta_vae_score", "factor_vae_score"];
    const r = await evaluateWithSource(names, noisy(), { samples: 40, testSamples: 9, batch: 8 });
    for (const name of names) expect(r[name]!.samples, name).toEqual({ train: 40, test: 9 });
  });
});

/** `noisy()` recording the row count of every `sample` call. */
function counting(calls: number[]): RepresentationSource {
  const src = noisy();
  return {
    factorSizes: src.factorSizes,
    sample: (n, rng, constraint) => (calls.push(n), src.sample(n, rng, constraint)),
  };
}

describe("factor_vae_score: variance_samples and prune_threshold", () => {
  it("draws variance_samples points for the global variance; the result = factorVaeScore with them", async () => {
    for (const v of [7, 300]) {
      const calls: number[] = [];
      const r = await evaluateWithSource(["factor_vae_score"], counting(calls), {
        samples: 30,
        testSamples: 10,
        varianceSamples: v,
      });
      expect(calls[0]).toBe(v);
      expect(calls.slice(1).every((n) => n === 64)).toBe(true);
      const ref = await factorVaeScore(noisy(), createMetricRng(0), {
        numTrain: 30,
        numEval: 10,
        numVariance: v,
      });
      expect(r.factor_vae_score!.value).toBe(ref.evalAccuracy);
      expect(r.factor_vae_score!.extra!.active_dims).toBe(ref.activeDims);
    }
  });
  it("prunes dims whose global std is below prune_threshold", async () => {
    const run = (pruneThreshold: number) =>
      evaluateWithSource(["factor_vae_score"], noisy(), { samples: 40, pruneThreshold });
    const [keep2, keep1, none] = [await run(0.05), await run(0.5), await run(100)];
    expect(keep2.factor_vae_score!.extra!.active_dims).toBe(2); // code 2's std is 3e-4
    expect(keep1.factor_vae_score!.extra!.active_dims).toBe(1); // code 1's std is 0.14
    expect(keep1.factor_vae_score!.value).toBeLessThan(keep2.factor_vae_score!.value);
    expect(none.factor_vae_score!.value).toBe(0);
    expect(keep1.factor_vae_score!.variant).toBe("majority-vote-64-prune0.5");
  });
});

describe("batch", () => {
  it("dci, sap, modularity, explicitness: the encoder's batch; the scores do not change", async () => {
    for (const name of ["dci", "sap", "modularity", "explicitness"]) {
      const run = async (batch: number) => {
        const calls: number[] = [];
        const args = {
          samples: { value: 40 },
          test_samples: { value: 20 },
          batch: { value: batch },
        };
        const r = (await evaluateSpecMetrics([{ name, args }], grid, encoder(calls)))[name]!;
        return { r, calls };
      };
      const [b5, b16] = [await run(5), await run(16)];
      expect(Math.max(...b5.calls), name).toBe(5);
      expect(Math.max(...b16.calls), name).toBe(16);
      expect(b5.r.value, name).toBeCloseTo(b16.r.value, 6);
      for (const [k, v] of Object.entries(b16.r.extra ?? {}))
        expect(b5.r.extra![k], `${name}/${k}`).toBeCloseTo(v, 6);
    }
  });
  it("beta_vae_score: pairs per point (and per encoder call); = betaVaePoints with that batch", async () => {
    const calls: number[] = [];
    const args = { samples: { value: 30 }, test_samples: { value: 10 }, batch: { value: 7 } };
    const r = (await evaluateSpecMetrics([{ name: "beta_vae_score", args }], grid, encoder(calls)))
      .beta_vae_score!;
    expect(new Set(calls)).toEqual(new Set([7]));
    expect(calls).toHaveLength(2 * (30 + 10));
    const src = noisy();
    const rng = createMetricRng(0);
    const train = await betaVaePoints(src, 30, rng, { batchSize: 7 });
    const ref = betaVaeScore(train, await betaVaePoints(src, 10, rng, { batchSize: 7 }));
    const viaSource = await evaluateWithSource(["beta_vae_score"], noisy(), {
      samples: 30,
      testSamples: 10,
      batch: 7,
    });
    expect(viaSource.beta_vae_score!.value).toBe(ref.evalAccuracy);
    expect(viaSource.beta_vae_score!.variant).toBe("logistic-mean-abs-diff-7");
    expect(r.variant).toBe("logistic-mean-abs-diff-7");
  });
  it("factor_vae_score: points per vote (and per encoder call)", async () => {
    const calls: number[] = [];
    const args = {
      samples: { value: 30 },
      test_samples: { value: 10 },
      batch: { value: 9 },
      variance_samples: { value: 50 },
    };
    await evaluateSpecMetrics([{ name: "factor_vae_score", args }], grid, encoder(calls));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(50 + 9 * (30 + 10));
    expect(calls.slice(-40)).toEqual(new Array(40).fill(9));
  });
});
