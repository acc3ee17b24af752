/** label_align(z, y): CausalVAE's alignment of concept latents with their labels. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import { requirePosterior, requireRole } from "../issues.js";
import { latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { observed, posterior } from "./context.js";

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
        type: { kind: "enum", values: ["prior_kl", "mse"] },
        default: "prior_kl",
        doc: "prior_kl: KL of N(mu, 1) to the label prior N(ũ, 1) (official code); mse: squared error to the standardised label",
      },
    ],
    doc: "CausalVAE label alignment: the latent's posterior means mu [B, n·k] (n concept blocks of k dims) are pulled towards the standardised labels ũ [B, n] (z-scored over the batch) broadcast over each block. prior_kl = mean_b Σ ½(mu − ũ)² (KL between unit-variance Gaussians, nats), mse = mean_b Σ (mu − ũ)².",
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
    const form = argEnum(args, "form", ["prior_kl", "mse"] as const, "label_align");
    const { mu } = posterior(ctx, name, "label_align");
    const y = observed(ctx, labels, "label_align");
    if (y.rank !== 2)
      throw new Error(`label_align: labels '${labels}' must be [B, n], got [${y.shape}]`);
    return labelAlignment(mu, y as tf.Tensor2D, form);
  },
};
