/**
 * The linear-β DDPM noise schedule and the forward (noising) process of a diffusion autoencoder's
 * training step. Images enter the diffusion in [−1, 1] (x0' = 2x − 1) and leave it through
 * `toUnitRange`. Schedule values are float64; the noising runs in float32.
 *
 * Sources: Ho et al. 2020 (DDPM) eq. 4 and §4; Preechakul et al. 2022 (DiffAE) diffusion/base.py
 * (betas linspace(1e-4·1000/T, 0.02·1000/T, T), t ~ U{0..T−1}, images scaled to [−1, 1]);
 * respacing as in DiffAE/guided-diffusion respace.py space_timesteps.
 */
import * as tf from "@tensorflow/tfjs";
import { alphaBars, linearBetas } from "../../stdlib/penalties/denoise.js";
import type { Rng } from "../data/types.js";

export { alphaBars, linearBetas };

/**
 * The timesteps a `steps`-step DDIM visits, ascending: round(i·(T − 1)/(steps − 1)) for
 * i < steps, so the first is 0 and the last T − 1 (steps = 1: [T − 1]).
 * @throws Error when steps is not an integer in [1, T].
 */
export function ddimTimesteps(timesteps: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > timesteps) {
    throw new Error(`DDIM: steps must be an integer in [1, ${timesteps}], got ${steps}`);
  }
  if (steps === 1) return [timesteps - 1];
  return Array.from({ length: steps }, (_, i) => Math.round((i * (timesteps - 1)) / (steps - 1)));
}

/** x in [0, 1] → 2x − 1 in [−1, 1], any shape. */
export function toModelRange<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.sub(tf.mul(x, 2), 1) as T);
}

/** x in [−1, 1] → clip((x + 1)/2, 0, 1), any shape. */
export function toUnitRange<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.clipByValue(tf.div(tf.add(x, 1), 2), 0, 1) as T);
}

/** One noised batch for ε-prediction training. */
export interface LinearNoising {
  /** The clean images in [−1, 1], [B, H, W, C]. */
  readonly x0: tf.Tensor4D;
  /** x_t = √ᾱ_t x0 + √(1 − ᾱ_t) ε, [B, H, W, C]. */
  readonly xt: tf.Tensor4D;
  /** The timesteps as floats (the U-Net's time input), [B, 1]. */
  readonly t: tf.Tensor2D;
  /** The noise ε ~ N(0, I), [B, H, W, C]. */
  readonly eps: tf.Tensor4D;
}

/**
 * Draws t_b ~ U{0..T−1} (one rng.int per example) and ε ~ N(0, I) (seed from rng.seed()),
 * and forms x_t from x in [0, 1] [B, H, W, C]. `abar` is ᾱ of the schedule (alphaBars(T)).
 * Deterministic given the rng state. Throws when x is not rank 4 or abar is empty.
 */
export function linearNoising(x: tf.Tensor4D, abar: Float64Array, rng: Rng): LinearNoising {
  if (x.rank !== 4)
    throw new Error(`linearNoising: x must be [B, H, W, C], got [${x.shape.join(", ")}]`);
  if (abar.length === 0) throw new Error("linearNoising: the schedule has no timesteps");
  const b = x.shape[0];
  const ts = Array.from({ length: b }, () => rng.int(abar.length));
  const seed = rng.seed();
  return tf.tidy(() => {
    const a = ts.map((t) => abar[t] as number);
    const sa = tf.tensor4d(a.map(Math.sqrt), [b, 1, 1, 1]);
    const sb = tf.tensor4d(
      a.map((v) => Math.sqrt(1 - v)),
      [b, 1, 1, 1],
    );
    const x0 = toModelRange(x);
    const eps = tf.randomNormal(x.shape, 0, 1, "float32", seed) as tf.Tensor4D;
    const xt = tf.add(tf.mul(sa, x0), tf.mul(sb, eps)) as tf.Tensor4D;
    return { x0, xt, t: tf.tensor2d(ts, [b, 1]), eps };
  });
}
