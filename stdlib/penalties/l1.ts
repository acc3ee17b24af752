/** l1(A): the ℓ1 sparsity penalty on a learned SCM adjacency (NOTEARS's λ‖W‖₁). */
import * as tf from "@tensorflow/tfjs";
import { argString } from "../args.js";
import { requireScm } from "../issues.js";
import type { PenaltyDef } from "../types.js";
import { extraTensor, str } from "./context.js";

/** Σ_ij |A_ij| of an adjacency A [d, d] → scalar (diagonal included; the scm holds it at 0). */
export function adjacencyL1(a: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.abs(a)) as tf.Scalar);
}

/**
 * ‖A‖₁ for the adjacency A [d, d] of `scm A over z`, read from ctx.extra[A] (the causal_vae
 * backbone). Throws when the backbone gave no A or A is not [d, d].
 */
export const l1: PenaltyDef = {
  kind: "penalty",
  name: "l1",
  traits: { minimised: true },
  updates: ["main"],
  signature: {
    params: [
      {
        name: "scm",
        type: { kind: "ref", of: ["scm"] },
        positional: true,
        doc: "the scm whose adjacency A [d, d] is made sparse",
      },
    ],
    doc: "ℓ1 norm Σ_ij |A_ij| of the SCM's weighted adjacency A [d, d]; unitless scalar, written with its weight λ (`0.01 * l1(A)`). Pushes the edges the data does not need towards zero (with Adam, to within ~the learning rate), so the learned graph is read off by a threshold on |A_ij|; NOTEARS uses λ = 0.1 on its linear model. Gradient updates: main.",
    source: "Zheng et al. 2018 (NOTEARS), eq. 5 (the ℓ1-penalised score λ‖W‖₁).",
    needs: ["scm"],
    check: (ctx) => requireScm(ctx, "l1"),
  },
  reads: (args) => [`extra.${str(args, "scm")}`],
  compute(ctx, args) {
    const name = argString(args, "scm", "l1");
    const a = extraTensor(ctx, name, "l1", "the causal_vae backbone (the scm's adjacency)");
    if (a.rank !== 2) throw new Error(`l1(${name}): adjacency must be [d, d], got [${a.shape}]`);
    return adjacencyL1(a as tf.Tensor2D);
  },
};
