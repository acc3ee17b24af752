/** recon(x): the reconstruction negative log-likelihood −log p(x|z). */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import type { PenaltyDef } from "../types.js";
import { observed, str } from "./context.js";

/**
 * −E_q[log p(x|z)] under the decoder's likelihood (`z -> x ~ bernoulli`). Reads the observed
 * tensor x [B,H,W,C], the decoder output ctx.outputs[x] and ctx.likelihoods[x]. `reduction: sum`
 * sums over pixels and channels and averages over the batch (disentanglement_lib);
 * `mean` additionally divides by H·W·C (per-pixel scale, as in Tripod / DiffAE).
 */
export const recon: PenaltyDef = {
  kind: "penalty",
  name: "recon",
  traits: { minimised: true },
  updates: ["main"],
  signature: {
    params: [
      {
        name: "target",
        type: { kind: "ref", of: ["observed"] },
        positional: true,
        doc: "the observed variable reconstructed by a decoder, usually x",
      },
      {
        name: "reduction",
        type: { kind: "enum", values: ["sum", "mean"] },
        default: "sum",
        doc: "sum over pixels and channels (default) or mean over them; always mean over the batch",
      },
    ],
    doc: "Reconstruction loss −log p(x|z) of the decoder's likelihood, [B] per example in nats, summed over pixels and channels (or averaged with reduction: mean), then averaged over the batch.",
    source:
      "Kingma & Welling 2014, eq. 10 (ELBO); reductions as in disentanglement_lib losses.py::bernoulli_loss.",
    needs: ["decoder"],
  },
  reads: (args) => [str(args, "target"), `outputs.${str(args, "target")}`],
  pytorch: (py) => {
    const target = String(py.value("target"));
    return `P.recon(${py.nll(target)}, ${target}, ${py.arg("reduction")})`;
  },
  compute(ctx, args) {
    const target = argString(args, "target", "recon");
    const reduction = argEnum(args, "reduction", ["sum", "mean"] as const, "recon");
    const lik = ctx.likelihoods[target];
    const params = ctx.outputs[target];
    if (lik === undefined || params === undefined) {
      throw new Error(
        `recon(${target}): no decoder models '${target}'; declare one like \`decoder ...: z -> ${target} ~ bernoulli\``,
      );
    }
    const x = observed(ctx, target, "recon");
    if (x.rank !== 4 || params.rank !== 4) {
      throw new Error(
        `recon(${target}): expected image tensors [B,H,W,C], got ${x.shape} and ${params.shape}`,
      );
    }
    return tf.tidy(() => {
      const nll = lik.def.nll(x as tf.Tensor4D, params as tf.Tensor4D, lik.args);
      const perExample =
        reduction === "mean"
          ? tf.div(
              nll,
              x.shape.slice(1).reduce((a, b) => a * b, 1),
            )
          : nll;
      return tf.mean(perExample) as tf.Scalar;
    });
  },
};
