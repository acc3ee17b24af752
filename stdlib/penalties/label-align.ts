/** label_align(z, y): CausalVAE's alignment of concept latents with their labels. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argNumber, argString } from "../args.js";
import { requirePosterior, requireRole } from "../issues.js";
import { latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { extraTensor, observed, posterior, str } from "./context.js";

const FORMS = ["prior_kl", "mse", "label_recon", "label_scm"] as const;

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
  /** û_i = g_i(A_{:,i} ∘ ũ) with 1-Lipschitz g (ScmLayer.labelScm) [B, n], for form label_scm. */
  labelScm: `${name}.label_scm`,
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

/**
 * label_scm: the labels as a nonlinear SCM ũ_i = g_i(A_{:,i} ∘ ũ) + ε_i with independent exogenous
 * ε. For û [B, n] (1-Lipschitz g, ScmLayer.labelScm) and labels y [B, n] (standardised as above), the residuals
 * ε̂ = ũ − û give mean_b Σ_i ε̂_{b,i}² + independence · Σ_{i<j} Cov_b(ε̂_i, ε̂_j)² (Cov over the
 * batch, divisor B). The second term is the SCM's assumption that the ε_i are independent: a
 * graph whose roots are correlated (e.g. an effect taken as a cause) cannot satisfy it, which the
 * squared error alone does not see. Throws when the shapes differ or independence < 0.
 */
export function labelScmLoss(uHat: tf.Tensor2D, y: tf.Tensor2D, independence: number): tf.Scalar {
  return tf.tidy(() => {
    if (!(independence >= 0))
      throw new Error(`label_align: independence must be ≥ 0, got ${independence}`);
    const mse = labelReconstruction(uHat, y);
    const [b, n] = y.shape;
    const r = tf.sub(standardiseLabels(y), uHat);
    const rc = tf.sub(r, tf.mean(r, 0, true));
    const cov = tf.div(tf.matMul(rc, rc, true, false), b); // [n, n]
    const offDiag = tf.where(tf.cast(tf.eye(n), "bool"), tf.zerosLike(cov), cov);
    const indep = tf.mul(0.5, tf.sum(tf.square(offDiag)));
    return tf.add(mse, tf.mul(independence, indep)) as tf.Scalar;
  });
}

export const labelAlign: PenaltyDef = {
  kind: "penalty",
  name: "label_align",
  traits: { minimised: true },
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
        type: { kind: "enum", values: FORMS },
        default: "prior_kl",
        doc: "prior_kl: KL of N(mu, 1) to the label prior N(ũ, 1) (official code); mse: squared error to the standardised label; label_recon: MSE of the labels rebuilt from their parents, g^u(Aᵀũ), to ũ (official mix_u term; causal_vae only); label_scm: the labels as a nonlinear SCM with 1-Lipschitz g_i(A_{:,i} ∘ ũ) and independent residuals (causal_vae only)",
      },
      {
        name: "independence",
        type: { kind: "number", min: 0 },
        default: 10,
        doc: "label_scm only: weight of Σ_{i<j} Cov(ε̂_i, ε̂_j)², the independence of the label residuals ε̂ = ũ − g^u(Aᵀũ)",
      },
    ],
    doc: "CausalVAE label alignment: the latent's means mu [B, n·k] (n concept blocks of k dims) are pulled towards the standardised labels ũ [B, n] (z-scored over the batch) broadcast over each block. prior_kl = mean_b Σ ½(mu − ũ)² (KL between unit-variance Gaussians, nats), mse = mean_b Σ (mu − ũ)². Under causal_vae, mu is the causal mean (I − Aᵀ)⁻¹ mu_ε, and prior_kl adds the same KL for the mask layer's mean (official code: kl + mask_l); label_recon = mean_b Σ_i (g^u_i((Aᵀũ)_i) − ũ_i)². label_scm (disc's identifiable form, not in the paper or code) = mean_b Σ_i (g_i(A_{:,i} ∘ ũ) − ũ_i)², g_i seeing the masked parent vector as in the paper's mask layer (eq. 7) and held 1-Lipschitz (unit-norm weights, so it cannot amplify a small A and |A_ij| is a meaningful edge strength), + independence · Σ_{i<j} Cov_b(ε̂_i, ε̂_j)² of the residuals ε̂ = ũ − û: the SCM's independent exogenous noise. With squared error alone, labels that are near-deterministic functions of each other (pendulum: shadow position ≈ linear in the two angles) are fitted as well by a graph that takes an effect as a root; such a graph leaves correlated roots, which the covariance term penalises.",
    source:
      "Yang et al. 2021 (CausalVAE), eq. 8 (conditional prior p(z|u)) and the l_m term; huawei-noah trustworthyAI CausalVAE mask_vae_pendulum.py (KL to cp_m).",
    needs: ["scm"],
    check: (ctx) => [
      ...requirePosterior(ctx, "latent", "label_align"),
      ...requireRole(ctx, "labels", ["observed"], "label_align"),
    ],
  },
  // the label reconstructions for label_scm / label_recon; otherwise the latent's mean, which
  // under an scm is the causal mean (and, for prior_kl, the mask layer's mean too)
  reads: (args, model) => {
    const z = str(args, "latent");
    const labels = String(args["labels"] ?? "y");
    const form = String(args["form"] ?? "prior_kl");
    if (form === "label_scm" || form === "label_recon") return [labels, `extra.${z}.${form}`];
    if (!model.hasScmOver(z)) return [labels, `latents.${z}.mu`];
    return form === "prior_kl"
      ? [labels, `extra.${z}.causal`, `extra.${z}.masked`]
      : [labels, `extra.${z}.causal`];
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "label_align");
    const labels = argString(args, "labels", "label_align");
    const form = argEnum(args, "form", FORMS, "label_align");
    const y = observed(ctx, labels, "label_align");
    if (y.rank !== 2)
      throw new Error(`label_align: labels '${labels}' must be [B, n], got [${y.shape}]`);
    const keys = causalExtraKeys(name);
    if (form === "label_scm" || form === "label_recon") {
      const uHat = extraTensor(
        ctx,
        form === "label_scm" ? keys.labelScm : keys.labelRecon,
        `label_align(form: ${form})`,
        "the causal_vae backbone",
      ) as tf.Tensor2D;
      return form === "label_scm"
        ? labelScmLoss(uHat, y as tf.Tensor2D, argNumber(args, "independence", "label_align"))
        : labelReconstruction(uHat, y as tf.Tensor2D);
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
