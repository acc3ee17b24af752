/**
 * The EDM form of the denoising objective (the `denoise(x, schedule: edm)` variant) and its
 * deterministic sampler: ln σ ~ N(P_mean, P_std²), x_σ = x0 + σ n, the preconditioned denoiser
 * D(x_σ; σ) = c_skip x_σ + c_out F(c_in x_σ, c_noise, z), weight λ(σ) = 1/σ² + 1/σ_data².
 * c_noise = 250·ln σ (the ADM-port convention FDAE trains with; it puts σ on the scale of DDPM
 * timesteps for the sinusoidal embedding). Images are in [−1, 1] (σ_data = 0.5).
 *
 * Sources: Karras et al. 2022 (EDM) Table 1 and Algorithm 1 (Euler steps of the probability-flow
 * ODE on the σ_i = (σ_max^{1/ρ} + i/(n−1)(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ grid, σ_n = 0);
 * Wu & Zheng 2024 (FDAE) karras_diffusion.py.
 */
import * as tf from "@tensorflow/tfjs";
import { edmPreconditioning } from "../../stdlib/penalties/denoise.js";
import type { Rng } from "../data/types.js";
import { toModelRange } from "./schedule.js";

/** EDM constants (Karras et al. 2022, Table 1). */
export const EDM = {
  pMean: -1.2,
  pStd: 1.2,
  sigmaData: 0.5,
  sigmaMin: 0.002,
  sigmaMax: 80,
  rho: 7,
} as const;

/** One EDM-noised batch. Per-example factors are [B, 1, 1, 1]; weight [B]; cNoise [B, 1]. */
export interface EdmNoising {
  readonly x0: tf.Tensor4D;
  readonly xNoisy: tf.Tensor4D;
  /** c_in · x_σ, the network's image input. */
  readonly xIn: tf.Tensor4D;
  /** 250 · ln σ, the network's time input. */
  readonly cNoise: tf.Tensor2D;
  readonly cSkip: tf.Tensor4D;
  readonly cOut: tf.Tensor4D;
  readonly weight: tf.Tensor1D;
}

/** c_noise for σ: 250 · ln σ. */
export function edmNoiseInput(sigma: number): number {
  return 250 * Math.log(sigma);
}

/**
 * Draws σ_b = exp(P_mean + P_std·n_b) (n_b standard normal from rng, Box–Muller) and noise
 * n ~ N(0, I) (seed rng.seed()), for x in [0, 1] [B, H, W, C]. Throws when x is not rank 4.
 */
export function edmNoising(x: tf.Tensor4D, rng: Rng): EdmNoising {
  if (x.rank !== 4)
    throw new Error(`edmNoising: x must be [B, H, W, C], got [${x.shape.join(", ")}]`);
  const b = x.shape[0];
  const sigmas = Array.from({ length: b }, () => {
    const u = 1 - rng.next();
    const n = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    return Math.exp(EDM.pMean + EDM.pStd * n);
  });
  const pre = sigmas.map((s) => edmPreconditioning(s, EDM.sigmaData));
  const seed = rng.seed();
  return tf.tidy(() => {
    const col = (v: number[]) => tf.tensor4d(v, [b, 1, 1, 1]);
    const x0 = toModelRange(x);
    const xNoisy = tf.add(
      x0,
      tf.mul(col(sigmas), tf.randomNormal(x.shape, 0, 1, "float32", seed)),
    ) as tf.Tensor4D;
    return {
      x0,
      xNoisy,
      xIn: tf.mul(xNoisy, col(pre.map((p) => p.cIn))) as tf.Tensor4D,
      cNoise: tf.tensor2d(sigmas.map(edmNoiseInput), [b, 1]),
      cSkip: col(pre.map((p) => p.cSkip)),
      cOut: col(pre.map((p) => p.cOut)),
      weight: tf.tensor1d(pre.map((p) => p.weight)),
    };
  });
}

/** D(x_σ; σ) = c_skip x_σ + c_out F, all [B, H, W, C] (factors broadcast). */
export function edmDenoised(
  n: Pick<EdmNoising, "xNoisy" | "cSkip" | "cOut">,
  f: tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(n.cSkip, n.xNoisy), tf.mul(n.cOut, f)) as tf.Tensor4D);
}

/** The Karras σ grid of `steps` levels from σ_max down to σ_min, then 0 (steps + 1 values). Throws for steps < 1. */
export function karrasSigmas(steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`karrasSigmas: steps must be a positive integer, got ${steps}`);
  const [hi, lo] = [EDM.sigmaMax ** (1 / EDM.rho), EDM.sigmaMin ** (1 / EDM.rho)];
  const s = Array.from(
    { length: steps },
    (_, i) => (steps === 1 ? hi : hi + (i / (steps - 1)) * (lo - hi)) ** EDM.rho,
  );
  return [...s, 0];
}

/** F_θ(c_in x, c_noise): xIn [B, H, W, C], cNoise [B, 1] → raw output [B, H, W, C]. */
export type EdmNetFn = (xIn: tf.Tensor4D, cNoise: tf.Tensor2D) => tf.Tensor4D;

/**
 * Deterministic EDM sampling (Euler, Karras et al. 2022 Alg. 1 without the Heun correction):
 * noise [B, H, W, C] ~ N(0, I) is scaled to σ_max; returns x̂0 [B, H, W, C] in model space,
 * clipped to [−1, 1]. `steps` network calls (default 20). Throws for a bad rank or steps.
 */
export function edmSample(net: EdmNetFn, noise: tf.Tensor4D, steps = 20): tf.Tensor4D {
  if (noise.rank !== 4)
    throw new Error(`edmSample: noise must be [B, H, W, C], got [${noise.shape.join(", ")}]`);
  const sig = karrasSigmas(steps);
  const b = noise.shape[0];
  let x = tf.mul(noise, EDM.sigmaMax) as tf.Tensor4D;
  for (let i = 0; i < steps; i++) {
    const [s, next] = [sig[i] as number, sig[i + 1] as number];
    const p = edmPreconditioning(s, EDM.sigmaData);
    const updated = tf.tidy(() => {
      const f = net(
        tf.mul(x, p.cIn) as tf.Tensor4D,
        tf.fill([b, 1], edmNoiseInput(s)) as tf.Tensor2D,
      );
      const d = tf.add(tf.mul(x, p.cSkip), tf.mul(f, p.cOut));
      // Euler: x + (σ' − σ)(x − D)/σ
      return tf.add(x, tf.mul(tf.sub(x, d), (next - s) / s)) as tf.Tensor4D;
    });
    x.dispose();
    x = updated;
  }
  const out = tf.clipByValue(x, -1, 1) as tf.Tensor4D;
  x.dispose();
  return out;
}
