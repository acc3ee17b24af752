/** dimwise_kl(z): the dimension-wise KL Σ_j KL(q(z_j) ‖ p(z_j)) of beta-TCVAE. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import { requirePosterior, warnBatchOne } from "../issues.js";
import { minibatchBiasNote } from "../math/minibatch.js";
import { sharedLogDensities } from "../math/shared.js";
import { latentParam, mwsMssParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { posterior, posteriorReads, str } from "./context.js";

/** mean_i(Σ_d log q(z_i,d) − log p(z_i)), scalar nats; constants always included. */
export const dimwiseKl: PenaltyDef = {
  kind: "penalty",
  name: "dimwise_kl",
  traits: { minimised: true, readsPosterior: true },
  updates: ["main"],
  signature: {
    params: [latentParam, mwsMssParam],
    doc: "Dimension-wise KL Σ_j KL(q(z_j) ‖ p(z_j)) = E[Σ_d log q(z_d) − log p(z)], nats, averaged over the batch, with p = N(0, I); Σ_d log q(z_d) by the mws or mss minibatch estimator with its constants.",
    source:
      "Chen et al. 2018 (beta-TCVAE) eq. 2 (third term), Appendix C; rtqichen/beta-tcvae vae_quant.py::VAE.elbo.",
    needs: ["posterior"],
    check: (ctx) => [
      ...requirePosterior(ctx, "latent", "dimwise_kl"),
      ...warnBatchOne(ctx, "dimwise_kl", String(ctx.args.estimator ?? "mss")),
    ],
  },
  negativeEstimate: (args, batchSize, datasetSize) =>
    minibatchBiasNote(String(args["estimator"] ?? "mss"), batchSize, datasetSize),
  reads: (args) => posteriorReads(str(args, "latent")),
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    return `P.dimwise_kl(${z.sample}, ${z.mu}, ${z.logvar}, ${py.arg("estimator")}, dataset_size)`;
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "dimwise_kl");
    const estimator = argEnum(args, "estimator", ["mws", "mss"] as const, "dimwise_kl");
    const { mu, logvar, sample } = posterior(ctx, name, "dimwise_kl");
    return tf.tidy(() => {
      const d = sharedLogDensities(ctx, name, { sample, mu, logvar }, estimator, true);
      return tf.mean(tf.sub(d.logqzProdMarginals, d.logpz)) as tf.Scalar;
    });
  },
};
