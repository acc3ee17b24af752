/** dip(z, variant, lambda_od, lambda_d): DIP-VAE's moment-matching regulariser. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argNumber, argString } from "../args.js";
import { requirePosterior } from "../issues.js";
import { latentParam } from "../params.js";
import type { EntryIssue, PenaltyDef } from "../types.js";
import { posterior, str } from "./context.js";

/**
 * λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)² for a covariance C [D, D] (each unordered off-diagonal
 * pair counted twice). Scalar. Source: Kumar et al. 2018 eq. 6/7; disentanglement_lib
 * vae.py::regularize_diag_off_diag_dip.
 */
export function dipRegularizer(c: tf.Tensor2D, lambdaOd: number, lambdaD: number): tf.Scalar {
  return tf.tidy(() => {
    const [r, k] = c.shape;
    if (r !== k) throw new Error(`dip: covariance must be square [D, D], got [${c.shape}]`);
    const eye = tf.eye(r);
    const diag = tf.sum(tf.mul(c, eye), 1);
    const off = tf.mul(c, tf.sub(1, eye));
    const odTerm = tf.mul(lambdaOd, tf.sum(tf.square(off)));
    const dTerm = tf.mul(lambdaD, tf.sum(tf.square(tf.sub(diag, 1))));
    return tf.add(odTerm, dTerm) as tf.Scalar;
  });
}

/** Population covariance (1/B) of the rows of m [B, D]: [D, D]. */
export function populationCovariance(m: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const B = m.shape[0];
    const centred = tf.sub(m, tf.mean(m, 0, true));
    return tf.div(tf.matMul(centred, centred, true, false), B) as tf.Tensor2D;
  });
}

/**
 * DIP-I: C = Cov_b[mu]; DIP-II: C = Cov_b[mu] + mean_b diag(exp(logvar)). Returns the regulariser,
 * scalar (no batch reduction beyond the covariance).
 */
export const dip: PenaltyDef = {
  kind: "penalty",
  name: "dip",
  traits: { minimised: true, readsPosterior: true },
  updates: ["main"],
  signature: {
    params: [
      latentParam,
      {
        name: "variant",
        type: { kind: "enum", values: ["i", "ii"] },
        default: "i",
        doc: "i: C = Cov[mu]; ii: C = Cov[mu] + E[diag(exp(logvar))]",
      },
      {
        name: "lambda_od",
        type: { kind: "number", min: 0 },
        default: 10,
        doc: "weight λ_od of the squared off-diagonal entries of C",
      },
      {
        name: "lambda_d",
        type: { kind: "number", min: 0 },
        default: 100,
        doc: "weight λ_d of the squared diagonal deviations (C_ii − 1)²; default 100 = 10·λ_od (DIP-I); DIP-II's paper setting is λ_d = λ_od",
      },
    ],
    doc: "DIP-VAE regulariser λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)² on the D×D covariance C of the aggregate posterior: DIP-I uses the population (1/B) covariance of the encoder means, DIP-II adds the batch mean of diag(exp(logvar)). Scalar per batch; add kl(z) separately for the full DIP-VAE loss.",
    source:
      "Kumar et al. 2018, 'Variational Inference of Disentangled Latent Concepts from Unlabeled Observations', eq. 6 (DIP-I) and eq. 7 (DIP-II); disentanglement_lib vae.py::DIPVAE.",
    needs: ["posterior"],
    check: (ctx) => {
      const issues: EntryIssue[] = [...requirePosterior(ctx, "latent", "dip")];
      if (ctx.args.variant === "ii" && ctx.args.lambda_d === 100 && ctx.args.lambda_od === 10) {
        issues.push({
          code: "DIS3104",
          severity: "warning",
          param: "lambda_d",
          message:
            "dip(variant: ii) with lambda_d = 100 = 10·lambda_od: DIP-II's paper and disentanglement_lib setting is lambda_d = lambda_od",
          hint: "write lambda_d: 10 for DIP-II, or set it explicitly to silence this",
        });
      }
      if (ctx.batchSize < 2) {
        issues.push({
          code: "DIS3105",
          severity: "warning",
          message: "dip at batch size 1: the covariance of the means is zero",
        });
      }
      return issues;
    },
  },
  reads: (args) => {
    const z = str(args, "latent");
    return args["variant"] === "ii"
      ? [`latents.${z}.mu`, `latents.${z}.logvar`]
      : [`latents.${z}.mu`];
  },
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    return `P.dip(${z.mu}, ${z.logvar}, ${py.arg("variant")}, ${py.arg("lambda_od")}, ${py.arg("lambda_d")})`;
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "dip");
    const variant = argEnum(args, "variant", ["i", "ii"] as const, "dip");
    const { mu, logvar } = posterior(ctx, name, "dip");
    return tf.tidy(() => {
      let c = populationCovariance(mu);
      if (variant === "ii") {
        const meanVar = tf.mean(tf.exp(logvar), 0);
        c = tf.add(c, tf.mul(tf.eye(mu.shape[1]), meanVar.expandDims(0))) as tf.Tensor2D;
      }
      return dipRegularizer(
        c,
        argNumber(args, "lambda_od", "dip"),
        argNumber(args, "lambda_d", "dip"),
      );
    });
  },
};
