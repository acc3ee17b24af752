/** label_align(z, y): CausalVAE's alignment of concept latents with their labels. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import { requirePosterior, requireRole } from "../issues.js";
import { latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { extraTensor, observed, posterior } from "./context.js";

/**
 * Standardises each label column over the batch: (u − mean_b u) / (std_b u + 1e-6), [B, n].
 * (The official code uses fixed pendulum constants; per-batch z-scores need no data-set table.)
 */
export function standardiseLabels(u: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(u, 0, true);
    return tf.div(tf.sub(u, mean), tf.add(tf.sqrt(variance), 1e-6)) as tf.Tensor2D;
  });
}

/**
 * mu [B, n·k] viewed as n concept blocks of k dims, labels y [B, n]. prior_kl:
 * mean_b Σ_{i,k} KL(N(mu_{b,i,k}, 1) ‖ N(ũ_{b,i}, 1)) = mean_b Σ ½(mu − ũ)²; mse: mean_b Σ (mu − ũ)².
 * Throws when D is not a multiple of the number of label columns.
 */
export function labelAlignment(
  mu: tf.Tensor2D,
  y: tf.Tensor2D,
  form: "prior_kl" | "mse",
): tf.Scalar {
  return tf.tidy(() => {
    const [B, D] = mu.shape;
    const n = y.shape[1];
    if (y.shape[0] !== B || D % n !== 0) {
      throw new Error(
        `label_align: latent [${mu.shape}] does not split into the ${n} label concepts of y [${y.shape}]`,
      );
    }
    const k = D / n;
    const u = standardiseLabels(y).expandDims(2); // [B,n,1]
    const sq = tf.square(tf.sub(mu.reshape([B, n, k]), u));
    const perExample = tf.sum(sq, [1, 2]);
    return tf.mean(form === "prior_kl" ? tf.mul(0.5, perExample) : perExample) as tf.Scalar;
  });
}

/** Keys of the causal_vae backbone's tensors in ctx.extra for latent `name`. */
export const causalExtraKeys = (name: string) => ({
  /** E[z] = (I − Aᵀ)⁻¹ mu_ε [B, n·k] (the causal layer on the posterior mean). */
  causal: `${name}.causal`,
  /** the mask layer on the mean, g(Aᵀz) + mu_ε [B, n·k]. */
  masked: `${name}.masked`,
  /** û = g^u(Aᵀũ) [B, n], the labels reconstructed from their parents' labels. */
  labelRecon: `${name}.label_recon`,
});

/**
 * label_recon: mean_b Σ_i (û_{b,i} − ũ_{b,i})² for û [B, n] and labels y [B, n] (standardised as
 * above). Official code: MSE(mix_u(Aᵀu), u), there a mean over elements; here a sum over concepts.
 */
export function labelReconstruction(uHat: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    if (uHat.shape[0] !== y.shape[0] || uHat.shape[1] !== y.shape[1]) {
      throw new Error(
        `label_align: reconstructed labels [${uHat.shape}] do not match y [${y.shape}]`,
      );
    }
    return tf.mean(tf.sum(tf.square(tf.sub(uHat, standardiseLabels(y))), 1)) as tf.Scalar;
  });
}

export const labelAlign: PenaltyDef = {
  kind: "penalty",
  name: "label_align",
  updates: ["main"],
  signature: {
    params: [
      latentParam,
      {
        name: "labels",
        type: { kind: "ref", of: ["observed"] },
        positional: true,
        doc: "the observed concept labels y [B, n], one column per scm concept",
      },
      {
        name: "form",
        type: { kind: "enum", values: ["prior_kl", "mse", "label_recon"] },
        default: "prior_kl",
        doc: "prior_kl: KL of N(mu, 1) to the label prior N(ũ, 1) (official code); mse: squared error to the standardised label; label_recon: MSE of the labels rebuilt from their parents, g^u(Aᵀũ), to ũ (official mix_u term; causal_vae only)",
      },
    ],
    doc: "CausalVAE label alignment: the latent's means mu [B, n·k] (n concept blocks of k dims) are pulled towards the standardised labels ũ [B, n] (z-scored over the batch) broadcast over each block. prior_kl = mean_b Σ ½(mu − ũ)² (KL between unit-variance Gaussians, nats), mse = mean_b Σ (mu − ũ)². Under causal_vae, mu is the causal mean (I − Aᵀ)⁻¹ mu_ε, and prior_kl adds the same KL for the mask layer's mean (official code: kl + mask_l); label_recon = mean_b Σ_i (g^u_i((Aᵀũ)_i) − ũ_i)².",
    source:
      "Yang et al. 2021 (CausalVAE), eq. 8 (conditional prior p(z|u)) and the l_m term; huawei-noah trustworthyAI CausalVAE mask_vae_pendulum.py (KL to cp_m).",
    appliesTo: ["causal_vae"],
    check: (ctx) => [
      ...requirePosterior(ctx, "latent", "label_align"),
      ...requireRole(ctx, "labels", ["observed"], "label_align"),
    ],
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "label_align");
    const labels = argString(args, "labels", "label_align");
    const form = argEnum(args, "form", ["prior_kl", "mse", "label_recon"] as const, "label_align");
    const y = observed(ctx, labels, "label_align");
    if (y.rank !== 2)
      throw new Error(`label_align: labels '${labels}' must be [B, n], got [${y.shape}]`);
    const keys = causalExtraKeys(name);
    if (form === "label_recon") {
      const uHat = extraTensor(
        ctx,
        keys.labelRecon,
        "label_align(form: label_recon)",
        "the causal_vae backbone",
      );
      return labelReconstruction(uHat as tf.Tensor2D, y as tf.Tensor2D);
    }
    const causal = ctx.extra[keys.causal] as tf.Tensor2D | undefined;
    const mu = causal ?? posterior(ctx, name, "label_align").mu;
    const masked = ctx.extra[keys.masked] as tf.Tensor2D | undefined;
    if (form !== "prior_kl" || masked === undefined)
      return labelAlignment(mu, y as tf.Tensor2D, form);
    return tf.tidy(() =>
      tf.add(
        labelAlignment(mu, y as tf.Tensor2D, form),
        labelAlignment(masked, y as tf.Tensor2D, form),
      ),
    ) as tf.Scalar;
  },
};
