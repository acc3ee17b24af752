/** total_correlation(z, estimator): KL(q(z) ‖ Π_j q(z_j)). */
import * as tf from "@tensorflow/tfjs";
import { argBool, argEntry, argEnum, argString } from "../args.js";
import { requirePosterior, warnBatchOne } from "../issues.js";
import { minibatchBiasNote } from "../math/minibatch.js";
import { sharedLogDensities } from "../math/shared.js";
import { optimizerCallArgs, optimizers } from "../optimizers/index.js";
import { ESTIMATOR_DOC, latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { posterior, posteriorReads, str } from "./context.js";
import {
  createDiscriminatorState,
  densityRatioTc,
  type DiscriminatorState,
} from "./factor-discriminator.js";

const ESTIMATORS = ["mws", "mss", "discriminator"] as const;

/**
 * Total correlation TC = KL(q(z) ‖ Π_j q(z_j)), scalar nats (mean over the batch).
 * - mws / mss: mean_i(log q(z_i) − Σ_d log q(z_i,d)) with the minibatch estimators of
 *   stdlib/math/minibatch.ts (beta-TCVAE). `constants: false` drops MWS's −log(NB) terms
 *   (disentanglement_lib), shifting TC by −(D−1)·log(NB).
 * - discriminator: FactorVAE's density ratio mean(logits[:,0] − logits[:,1]) from the term's
 *   own discriminator (createState); throws when called without that state.
 */
export const totalCorrelation: PenaltyDef = {
  kind: "penalty",
  name: "total_correlation",
  traits: { minimised: true, readsPosterior: true, leavesPriorFree: true },
  updates: (args) => (args["estimator"] === "discriminator" ? ["main", "own"] : ["main"]),
  signature: {
    params: [
      latentParam,
      {
        name: "estimator",
        type: { kind: "enum", values: ESTIMATORS },
        default: "mss",
        doc: `${ESTIMATOR_DOC}; or discriminator (FactorVAE's density ratio)`,
      },
      {
        name: "constants",
        type: { kind: "bool" },
        default: true,
        doc: "Include the −log(N·B) constants (false = disentanglement_lib's shortcut).",
        appliesWhen: { param: "estimator", values: ["mws"] },
      },
      {
        name: "optimizer",
        type: { kind: "entry", of: "optimizer" },
        default: { entry: "adam", args: { lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 } },
        doc: "The optimizer of the discriminator's own parameters.",
        appliesWhen: { param: "estimator", values: ["discriminator"] },
      },
    ],
    doc: "Total correlation KL(q(z) ‖ Π_j q(z_j)) of the aggregate posterior, nats, averaged over the batch. mws/mss: minibatch estimates of log q(z_i) − Σ_d log q(z_i,d) from the [B,B,D] matrix log q(z_i,d|x_j), N = the training-set size. discriminator: the FactorVAE density ratio E[logit_0 − logit_1] of a 6×1000 leaky-ReLU(0.2) MLP trained by its own optimizer on z versus permute_dims(z) (z detached); the TC gradient reaches the encoder through D, D's loss never reaches the encoder, and the main optimizer never updates D.",
    source:
      "Chen et al. 2018 (beta-TCVAE) eq. 2 and Appendix C (MWS, MSS); Kim & Mnih 2018 (FactorVAE) eq. 3 and Algorithm 2; disentanglement_lib vae.py::total_correlation and FactorVAE.",
    needs: ["posterior"],
    check: (ctx) => {
      const est = typeof ctx.args.estimator === "string" ? ctx.args.estimator : "mss";
      const issues = [...requirePosterior(ctx, "latent", "total_correlation")];
      if (est === "discriminator") {
        if (ctx.batchSize < 2) {
          issues.push({
            code: "DIS3105",
            param: "estimator",
            message:
              "the discriminator estimator permutes codes across the batch and needs a batch size of at least 2",
          });
        }
        const opt = ctx.args.optimizer;
        const name =
          opt !== null && typeof opt === "object" && !Array.isArray(opt)
            ? (opt as { entry?: unknown }).entry
            : undefined;
        if (typeof name === "string" && !optimizers.some((o) => o.name === name)) {
          issues.push({
            code: "DIS3105",
            param: "optimizer",
            message: `unknown optimizer '${name}'`,
          });
        }
      } else {
        issues.push(...warnBatchOne(ctx, "total_correlation", est));
      }
      return issues;
    },
  },
  negativeEstimate(args, batchSize, datasetSize) {
    const est = String(args["estimator"] ?? "mss");
    if (est === "discriminator")
      return "the discriminator's density ratio is only a TC estimate once it separates z from permuted codes; early in training, or with a discriminator learning too slowly, it can go below 0";
    return minibatchBiasNote(est, batchSize, datasetSize);
  },
  createState(args, info) {
    if (argEnum(args, "estimator", ESTIMATORS, "total_correlation") !== "discriminator") {
      throw new Error("total_correlation: only estimator: discriminator has state");
    }
    const latent = argString(args, "latent", "total_correlation");
    const size = info.variableSizes[latent];
    if (size === undefined) throw new Error(`total_correlation: unknown latent '${latent}'`);
    const call = argEntry(args, "optimizer", "total_correlation");
    const def = optimizers.find((o) => o.name === call.entry);
    if (def === undefined) throw new Error(`total_correlation: unknown optimizer '${call.entry}'`);
    return createDiscriminatorState(
      latent,
      size,
      info.seed,
      def.create(optimizerCallArgs(call.entry, call.args)),
    );
  },
  reads: (args) =>
    args["estimator"] === "discriminator"
      ? [`latents.${str(args, "latent")}.sample`]
      : posteriorReads(str(args, "latent")),
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    const estimator = String(py.value("estimator") ?? "mss");
    if (estimator === "discriminator")
      return `P.density_ratio_tc(states[${JSON.stringify(py.id)}].logits(${z.sample}))`;
    const constants = estimator === "mws" ? py.arg("constants") : "True";
    return `P.total_correlation(${z.sample}, ${z.mu}, ${z.logvar}, ${py.arg("estimator")}, dataset_size, ${constants})`;
  },
  compute(ctx, args, state) {
    const name = argString(args, "latent", "total_correlation");
    const estimator = argEnum(args, "estimator", ESTIMATORS, "total_correlation");
    if (estimator === "discriminator") {
      const s = state as DiscriminatorState | undefined;
      if (s?.discriminator === undefined) {
        throw new Error(
          "total_correlation(estimator: discriminator) needs the state from createState(); the trainer must create it once",
        );
      }
      const l = ctx.latents[name];
      if (l === undefined) throw new Error(`total_correlation: no tensors for latent '${name}'`);
      return tf.tidy(() => densityRatioTc(s.discriminator.logits(l.sample)));
    }
    const { mu, logvar, sample } = posterior(ctx, name, "total_correlation");
    // mss normalises by its weights and has no constants to drop
    const constants = estimator === "mws" ? argBool(args, "constants", "total_correlation") : true;
    return tf.tidy(() => {
      const d = sharedLogDensities(ctx, name, { sample, mu, logvar }, estimator, constants);
      return tf.mean(tf.sub(d.logqz, d.logqzProdMarginals)) as tf.Scalar;
    });
  },
};
