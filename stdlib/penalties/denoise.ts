/** denoise(x): the diffusion-autoencoder denoising loss. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argNumber } from "../args.js";
import type { PenaltyDef } from "../types.js";
import { extraTensor } from "./context.js";

/**
 * The fewest timesteps the linear schedule works with: its largest β is 0.02·1000/T, and ᾱ stays
 * positive only while every β < 1, i.e. T > 20.
 */
export const MIN_LINEAR_TIMESTEPS = 21;

/** Linear DDPM betas linspace(1e-4·1000/T, 0.02·1000/T, T) (DiffAE diffusion/base.py). Float64. */
export function linearBetas(timesteps: number): Float64Array {
  if (!Number.isInteger(timesteps) || timesteps < MIN_LINEAR_TIMESTEPS)
    throw new Error(
      `denoise: the linear schedule needs timesteps ≥ ${MIN_LINEAR_TIMESTEPS} (its largest beta, 20/T, must stay below 1), got ${timesteps}`,
    );
  const scale = 1000 / timesteps;
  const lo = 1e-4 * scale;
  const hi = 0.02 * scale;
  const b = new Float64Array(timesteps);
  for (let t = 0; t < timesteps; t++)
    b[t] = timesteps === 1 ? lo : lo + ((hi - lo) * t) / (timesteps - 1);
  return b;
}

/** ᾱ_t = Π_{s≤t}(1 − β_s), [T]. */
export function alphaBars(timesteps: number): Float64Array {
  const b = linearBetas(timesteps);
  const a = new Float64Array(timesteps);
  let acc = 1;
  for (let t = 0; t < timesteps; t++) a[t] = acc *= 1 - b[t]!;
  return a;
}

/** EDM preconditioning (Karras et al. 2022, Table 1) for σ and σ_data = 0.5. */
export function edmPreconditioning(
  sigma: number,
  sigmaData = 0.5,
): { cSkip: number; cOut: number; cIn: number; weight: number } {
  const s2 = sigma * sigma + sigmaData * sigmaData;
  return {
    cSkip: (sigmaData * sigmaData) / s2,
    cOut: (sigma * sigmaData) / Math.sqrt(s2),
    cIn: 1 / Math.sqrt(s2),
    weight: 1 / (sigma * sigma) + 1 / (sigmaData * sigmaData),
  };
}

/**
 * compute() reads the backbone's tensors: linear — ctx.extra.denoise_eps and denoise_eps_pred
 * [B,H,W,C], loss mean_b mean_pix (ε − ε̂)²; edm — denoise_x0, denoise_pred (D(x_t; σ)) and
 * denoise_weight [B], loss mean_b [w_b · mean_pix (D − x0)²]. The diffusion back end
 * (compiler/emit/emit-diffusion.ts, runtime/diffusion) provides them; throws when one is missing.
 */
export const denoise: PenaltyDef = {
  kind: "penalty",
  name: "denoise",
  traits: { minimised: true, trainsRoles: ["denoiser"] },
  updates: ["main"],
  signature: {
    params: [
      {
        name: "target",
        type: { kind: "ref", of: ["observed"] },
        positional: true,
        doc: "the observed images x the denoiser produces and the backbone noises (the checker requires the denoiser's output, DIS3009)",
      },
      {
        name: "schedule",
        type: { kind: "enum", values: ["linear", "edm"] },
        default: "linear",
        doc: "linear: DDPM betas 1e-4 → 0.02 with ε-prediction MSE (DiffAE); edm: Karras preconditioned x0-denoiser, lognormal σ (FDAE)",
      },
      {
        name: "timesteps",
        type: { kind: "number", unit: "steps", integer: true, min: 1 },
        default: 1000,
        doc: "T, diffusion steps of the linear schedule",
      },
    ],
    doc: "Denoising loss of a diffusion autoencoder, per-pixel mean (not sum) then batch mean: linear — E_t,ε ‖ε − ε_θ(x_t, t, z)‖² with x_t = √ᾱ_t x + √(1−ᾱ_t) ε, t ~ U{0..T−1}; edm — E_σ (1/σ² + 1/σ_data²)‖D_θ(x + σn; σ, z) − x‖², ln σ ~ N(−1.2, 1.2²).",
    source:
      "Ho et al. 2020 eq. 14; Preechakul et al. 2022 (DiffAE) eq. 6, phizaz/diffae diffusion/base.py; Karras et al. 2022 (EDM) eq. 2 and Table 1; Wu & Zheng 2024 (FDAE).",
    needs: ["denoiser"],
    check: (ctx) => {
      const t = ctx.args["timesteps"];
      if (ctx.args["schedule"] !== "linear" || typeof t !== "number" || t >= MIN_LINEAR_TIMESTEPS)
        return [];
      return [
        {
          code: "DIS3105",
          param: "timesteps",
          message: `denoise(schedule: linear) needs timesteps ≥ ${MIN_LINEAR_TIMESTEPS}, got ${t}: its largest beta is 20/T, and from T = 20 down 1 − beta ≤ 0 makes every loss NaN`,
          hint: "use timesteps: 1000 (DDPM, DiffAE) or at least 21",
        },
      ];
    },
  },
  reads: (args) =>
    args["schedule"] === "edm"
      ? ["extra.denoise_x0", "extra.denoise_pred", "extra.denoise_weight"]
      : ["extra.denoise_eps", "extra.denoise_eps_pred"],
  compute(ctx, args) {
    const schedule = argEnum(args, "schedule", ["linear", "edm"] as const, "denoise");
    argNumber(args, "timesteps", "denoise");
    const provider = "the diffusion backbone (a `denoiser` network in the model)";
    if (schedule === "linear") {
      const eps = extraTensor(ctx, "denoise_eps", "denoise", provider);
      const pred = extraTensor(ctx, "denoise_eps_pred", "denoise", provider);
      return tf.tidy(() => tf.mean(tf.squaredDifference(eps, pred)) as tf.Scalar);
    }
    const x0 = extraTensor(ctx, "denoise_x0", "denoise", provider);
    const pred = extraTensor(ctx, "denoise_pred", "denoise", provider);
    const w = extraTensor(ctx, "denoise_weight", "denoise", provider);
    return tf.tidy(() => {
      const perPix = tf.squaredDifference(pred, x0);
      const perExample = tf.mean(perPix.reshape([perPix.shape[0]!, -1]), 1);
      return tf.mean(tf.mul(perExample, w.reshape([-1]))) as tf.Scalar;
    });
  },
};
