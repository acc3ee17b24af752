/**
 * Deterministic DDIM (η = 0) sampling and its reverse, the stochastic encoding x0 → x_T, for an
 * ε-prediction network. Levels: the clean image (ᾱ = 1) and ᾱ at each respaced timestep
 * s_0 = 0 < s_1 < … < s_{n−1} = T − 1 (ddimTimesteps). A step between ᾱ_a and ᾱ_b with ε̂:
 *   x̂0 = (x − √(1 − ᾱ_a) ε̂)/√ᾱ_a,   x' = √ᾱ_b x̂0 + √(1 − ᾱ_b) ε̂.
 * Sampling goes s_{n−1} → … → s_0 → clean with ε̂ = ε_θ(x, s_k); encoding goes clean → s_0 → … →
 * s_{n−1} with ε̂ = ε_θ(x, s_k) at the target level, so with the true ε both are exact.
 *
 * Sources: Song et al. 2021 (DDIM) eq. 12 with σ = 0 and eq. 13 (the ODE, reversible);
 * Preechakul et al. 2022 (DiffAE) §3.2, diffusion/base.py ddim_sample / ddim_reverse_sample.
 */
import * as tf from "@tensorflow/tfjs";
import { ddimTimesteps } from "./schedule.js";

/** ε_θ(x_t, t): x_t [B, H, W, C], t [B, 1] (timestep as a float) → ε̂ [B, H, W, C]. */
export type EpsFn = (xt: tf.Tensor4D, t: tf.Tensor2D) => tf.Tensor4D;

export interface DdimOptions {
  /** Respaced steps (default 20). */
  readonly steps?: number;
  /** Clip x̂0 to [−1, 1] at every step (default true for sampling, as DiffAE's clip_denoised). */
  readonly clip?: boolean;
}

function step(
  x: tf.Tensor4D,
  eps: tf.Tensor4D,
  from: number,
  to: number,
  clip: boolean,
): tf.Tensor4D {
  return tf.tidy(() => {
    let x0 = tf.div(tf.sub(x, tf.mul(eps, Math.sqrt(1 - from))), Math.sqrt(from));
    if (clip) x0 = tf.clipByValue(x0, -1, 1);
    return tf.add(tf.mul(x0, Math.sqrt(to)), tf.mul(eps, Math.sqrt(1 - to))) as tf.Tensor4D;
  });
}

function checkInputs(name: string, x: tf.Tensor, abar: Float64Array): void {
  if (x.rank !== 4) throw new Error(`${name}: x must be [B, H, W, C], got [${x.shape.join(", ")}]`);
  if (abar.length === 0) throw new Error(`${name}: the schedule has no timesteps`);
}

/**
 * DDIM decoding: x_T [B, H, W, C] at level s_{n−1} → x̂0 [B, H, W, C] in model space ([−1, 1]
 * when clipped). `abar` = alphaBars(T) (float64). Runs n network calls; tidy (returns one tensor).
 * @throws Error for a bad x rank, an empty schedule or steps ∉ [1, T].
 */
export function ddimSample(
  epsFn: EpsFn,
  xT: tf.Tensor4D,
  abar: Float64Array,
  options: DdimOptions = {},
): tf.Tensor4D {
  checkInputs("ddimSample", xT, abar);
  const seq = ddimTimesteps(abar.length, options.steps ?? 20);
  const clip = options.clip ?? true;
  const b = xT.shape[0];
  let x = tf.clone(xT);
  for (let k = seq.length - 1; k >= 0; k--) {
    const t = seq[k] as number;
    const to = k > 0 ? (abar[seq[k - 1] as number] as number) : 1;
    const next = tf.tidy(() =>
      step(x, epsFn(x, tf.fill([b, 1], t) as tf.Tensor2D), abar[t] as number, to, clip),
    );
    x.dispose();
    x = next;
  }
  return x;
}

/**
 * DDIM stochastic encoding (the reverse ODE): x0 [B, H, W, C] in model space → x_T at level
 * s_{n−1}. Never clips. `abar` = alphaBars(T). Tidy; n network calls.
 * @throws Error for a bad x rank, an empty schedule or steps ∉ [1, T].
 */
export function ddimEncode(
  epsFn: EpsFn,
  x0: tf.Tensor4D,
  abar: Float64Array,
  options: Pick<DdimOptions, "steps"> = {},
): tf.Tensor4D {
  checkInputs("ddimEncode", x0, abar);
  const seq = ddimTimesteps(abar.length, options.steps ?? 20);
  const b = x0.shape[0];
  let x = tf.clone(x0);
  let from = 1;
  for (const t of seq) {
    const to = abar[t] as number;
    const next = tf.tidy(() =>
      step(x, epsFn(x, tf.fill([b, 1], t) as tf.Tensor2D), from, to, false),
    );
    x.dispose();
    x = next;
    from = to;
  }
  return x;
}
