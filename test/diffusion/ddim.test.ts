/**
 * Deterministic samplers with an oracle network: DDIM fed the true ε (and the EDM Euler sampler
 * fed the true x0 through the preconditioning) must return x0; the reverse DDIM with the true ε
 * must give the forward-process x_T = √ᾱ_{T−1} x0 + √(1 − ᾱ_{T−1}) ε.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  alphaBars,
  ddimEncode,
  ddimSample,
  edmNoising,
  edmSample,
  createRng,
} from "../../runtime/index.js";
import { EDM, karrasSigmas } from "../../runtime/diffusion/edm.js";

const maxAbs = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe("DDIM", () => {
  const abar = alphaBars(1000);
  const x0 = tf.clipByValue(
    tf.randomNormal([3, 8, 8, 1], 0, 0.5, "float32", 1),
    -1,
    1,
  ) as tf.Tensor4D;
  const eps = tf.randomNormal([3, 8, 8, 1], 0, 1, "float32", 2) as tf.Tensor4D;
  const aT = abar[999] as number;
  const xT = tf.add(tf.mul(x0, Math.sqrt(aT)), tf.mul(eps, Math.sqrt(1 - aT))) as tf.Tensor4D;
  const trueEps = () => tf.clone(eps);

  it("with the true ε recovers x0 (20, 1 and 100 steps)", () => {
    for (const steps of [20, 1, 100]) {
      const before = tf.memory().numTensors;
      const out = ddimSample(trueEps, xT, abar, { steps });
      expect(out.shape).toEqual([3, 8, 8, 1]);
      expect(maxAbs(out, x0)).toBeLessThan(1e-4);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it("reverse DDIM with the true ε gives the forward-process x_T, and sampling inverts it", () => {
    const enc = ddimEncode(trueEps, x0, abar, { steps: 20 });
    expect(maxAbs(enc, xT)).toBeLessThan(1e-5);
    const back = ddimSample(trueEps, enc, abar, { steps: 20, clip: false });
    expect(maxAbs(back, x0)).toBeLessThan(1e-4);
    tf.dispose([enc, back]);
  });

  it("passes the respaced timesteps to the network, highest first", () => {
    const seen: number[] = [];
    const out = ddimSample(
      (x, t) => {
        seen.push(t.dataSync()[0] as number);
        return tf.zerosLike(x);
      },
      xT,
      abar,
      { steps: 3 },
    );
    expect(seen).toEqual([999, 500, 0]);
    out.dispose();
  });
});

describe("EDM", () => {
  it("Karras grid: σ_max … σ_min, then 0", () => {
    const s = karrasSigmas(20);
    expect(s).toHaveLength(21);
    expect(s[0]).toBeCloseTo(80, 10);
    expect(s[19]).toBeCloseTo(0.002, 12);
    expect(s[20]).toBe(0);
  });

  it("Euler sampling with the ideal denoiser D ≡ x0 recovers x0", () => {
    const x0 = tf.clipByValue(
      tf.randomNormal([2, 8, 8, 1], 0, 0.5, "float32", 4),
      -1,
      1,
    ) as tf.Tensor4D;
    const noise = tf.randomNormal([2, 8, 8, 1], 0, 1, "float32", 5) as tf.Tensor4D;
    // F such that c_skip x_σ + c_out F = x0, with σ read back from c_noise = 250 ln σ.
    const oracle = (xIn: tf.Tensor4D, cNoise: tf.Tensor2D): tf.Tensor4D => {
      const sigma = Math.exp((cNoise.dataSync()[0] as number) / 250);
      const s2 = sigma * sigma + EDM.sigmaData ** 2;
      const xs = tf.mul(xIn, Math.sqrt(s2));
      return tf.div(
        tf.sub(x0, tf.mul(xs, EDM.sigmaData ** 2 / s2)),
        (sigma * EDM.sigmaData) / Math.sqrt(s2),
      ) as tf.Tensor4D;
    };
    const out = edmSample(oracle, noise, 20);
    expect(maxAbs(out, x0)).toBeLessThan(1e-4);
    tf.dispose([x0, noise, out]);
  });

  it("noising: weight = 1/σ² + 1/σ_data², c_in·x_σ = xIn", () => {
    const x = tf.fill([4, 4, 4, 1], 0.5) as tf.Tensor4D;
    const n = edmNoising(x, createRng(1));
    const c = n.cNoise.dataSync();
    const w = n.weight.dataSync();
    for (let b = 0; b < 4; b++) {
      const s = Math.exp((c[b] as number) / 250);
      expect(Math.abs((w[b] as number) - (1 / (s * s) + 4)) / (w[b] as number)).toBeLessThan(1e-4);
    }
    expect(maxAbs(n.x0, tf.zeros([4, 4, 4, 1]))).toBe(0);
    tf.dispose([x, ...Object.values(n)]);
  });
});
