import { describe, expect, it } from "vitest";
import { evaluateWithSource } from "../../runtime/metrics/evaluate.js";
import { factorSource } from "../../runtime/metrics/sampling.js";
import { duplicated, identity, zeros } from "./fixtures.js";

// values.md "Metrics": bounds from disentanglement_lib's own unit tests (IdentityObservationsData).
describe("metrics on the representation = the factors themselves (10 factors × 10 values)", () => {
  it("MIG, FactorVAE, BetaVAE, SAP (continuous, as in dlib's test) are each in [0.9, 1]", async () => {
    const r = await evaluateWithSource(["mig", "factor_vae_score", "sap"], identity(), {
      samples: 2000,
      sapVariant: "continuous",
    });
    const b = await evaluateWithSource(["beta_vae_score"], identity(), { samples: 300 });
    for (const v of [
      r.mig!.value,
      r.factor_vae_score!.value,
      r.sap!.value,
      b.beta_vae_score!.value,
    ]) {
      expect(v).toBeGreaterThanOrEqual(0.9);
      expect(v).toBeLessThanOrEqual(1 + 1e-12);
    }
    // each value has its own bin, so top MI = H; the gap falls short of 1 only by the
    // finite-sample MI between independent factors, ≈ (10−1)²/(2n) nats = 0.02 nats.
    expect(r.mig!.value).toBeCloseTo(1 - 81 / (2 * 2000) / Math.log(10), 2);
    expect(r.mig!.samples).toEqual({ train: 2000 });
    expect(r.factor_vae_score!.extra!.train_accuracy).toBe(1);
  });
  it("modularity is 1 and explicitness is near 1", async () => {
    const r = await evaluateWithSource(["modularity", "explicitness"], identity(), {
      samples: 1000,
    });
    expect(r.modularity!.value).toBeGreaterThan(0.95);
    expect(r.explicitness!.value).toBeGreaterThan(0.9);
  });
});

describe("metrics on uninformative or redundant representations", () => {
  it("MIG, FactorVAE, SAP (both variants) are each in [0, 0.2] for zeros", async () => {
    const r = await evaluateWithSource(["mig", "factor_vae_score"], zeros(), { samples: 1000 });
    const s1 = await evaluateWithSource(["sap"], zeros(), {
      samples: 1000,
      sapVariant: "continuous",
    });
    const s2 = await evaluateWithSource(["sap"], zeros(), { samples: 400, sapVariant: "discrete" });
    for (const v of [r.mig!.value, r.factor_vae_score!.value, s1.sap!.value, s2.sap!.value]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(0.2);
    }
    expect(r.factor_vae_score!.extra!.active_dims).toBe(0);
  });
  it("MIG of duplicated codes [v, v] is in [0, 0.1]; continuous SAP in [0, 0.2]", async () => {
    const r = await evaluateWithSource(["mig", "sap"], duplicated(), {
      samples: 1000,
      sapVariant: "continuous",
    });
    expect(r.mig!.value).toBeGreaterThanOrEqual(0);
    expect(r.mig!.value).toBeLessThanOrEqual(0.1);
    expect(r.sap!.value).toBeLessThanOrEqual(0.2);
  });
});

describe("discrete SAP (dlib default: LinearSVC(C=0.01, balanced) test accuracy)", () => {
  it("binary factors read off their own code: score 1 on the diagonal, ~0.5 elsewhere, SAP ≈ 0.5", async () => {
    const src = factorSource([2, 2, 2]);
    const r = await evaluateWithSource(["sap"], src, { samples: 2000, sapVariant: "discrete" });
    expect(r.sap!.value).toBeGreaterThan(0.44);
    expect(r.sap!.value).toBeLessThan(0.56);
  });
});

describe("FactorVAE score works when D ≠ K", () => {
  it("3 codes for 2 factors (one noise code) still scores 1", async () => {
    const src = factorSource([4, 5], (f, n) => {
      const codes = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        codes[i * 3] = f[i * 2] as number;
        codes[i * 3 + 1] = Math.sin(i * 12.9898) * 3; // noise with large variance
        codes[i * 3 + 2] = f[i * 2 + 1] as number;
      }
      return { codes, dim: 3 };
    });
    const r = await evaluateWithSource(["factor_vae_score"], src, { samples: 500 });
    expect(r.factor_vae_score!.value).toBe(1);
  });
});
