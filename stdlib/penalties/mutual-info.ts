/** mutual_info(z): the index-code mutual information I_q(z; n) of beta-TCVAE. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import { requirePosterior, warnBatchOne } from "../issues.js";
import { minibatchBiasNote } from "../math/minibatch.js";
import { sharedLogDensities } from "../math/shared.js";
import { latentParam, mwsMssParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { posterior, posteriorReads, str } from "./context.js";

/** mean_i(log q(z_i|x_i) − log q(z_i)), scalar nats; constants always included. */
export const mutualInfo: PenaltyDef = {
  kind: "penalty",
  name: "mutual_info",
  traits: { minimised: true, readsPosterior: true, leavesPriorFree: true },
  updates: ["main"],
  signature: {
    params: [latentParam, mwsMssParam],
    doc: "Index-code mutual information I_q(z; n) = E[log q(z|x) − log q(z)], nats, averaged over the batch; log q(z) by the mws or mss minibatch estimator with its constants (needed: MI alone is not constant-free). MI + TC + dimwise_kl = E[log q(z|x) − log p(z)].",
    source:
      "Chen et al. 2018 (beta-TCVAE) eq. 2 (first term), Appendix C; rtqichen/beta-tcvae vae_quant.py::VAE.elbo.",
    needs: ["posterior"],
    check: (ctx) => [
      ...requirePosterior(ctx, "latent", "mutual_info"),
      ...warnBatchOne(ctx, "mutual_info", String(ctx.args.estimator ?? "mss")),
    ],
  },
  negativeEstimate: (args, batchSize, datasetSize) =>
    minibatchBiasNote(String(args["estimator"] ?? "mss"), batchSize, datasetSize),
  reads: (args) => posteriorReads(str(args, "latent")),
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    return `P.mutual_info(${z.sample}, ${z.mu}, ${z.logvar}, ${py.arg("estimator")}, dataset_size)`;
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "mutual_info");
    const estimator = argEnum(args, "estimator", ["mws", "mss"] as const, "mutual_info");
    const { mu, logvar, sample } = posterior(ctx, name, "mutual_info");
    return tf.tidy(() => {
      const d = sharedLogDensities(ctx, name, { sample, mu, logvar }, estimator, true);
      return tf.mean(tf.sub(d.logqzCondx, d.logqz)) as tf.Scalar;
    });
  },
};
