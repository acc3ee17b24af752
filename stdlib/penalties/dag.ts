/** dag(A): the acyclicity constraint h(A) of a learned SCM adjacency. */
import { argEnum, argString } from "../args.js";
import { dagExponential, dagPolynomial } from "../math/dag.js";
import type * as tf from "@tensorflow/tfjs";
import type { PenaltyDef } from "../types.js";
import { extraTensor } from "./context.js";

/**
 * h(A) for the adjacency A [d, d] of `scm A over z`, read from ctx.extra[A] (provided by the
 * causal_vae backbone). Scalar, 0 iff A is a DAG. Throws when the backbone gave no A.
 */
export const dag: PenaltyDef = {
  kind: "penalty",
  name: "dag",
  updates: ["main"],
  signature: {
    params: [
      {
        name: "scm",
        type: { kind: "ref", of: ["scm"] },
        positional: true,
        doc: "the scm whose adjacency A [d, d] (d concepts) is constrained",
      },
      {
        name: "form",
        type: { kind: "enum", values: ["polynomial", "exponential"] },
        default: "polynomial",
        doc: "polynomial tr((I + A∘A/d)^d) − d (CausalVAE, DAG-GNN) or exponential tr(e^{A∘A}) − d (NOTEARS)",
      },
    ],
    doc: "Acyclicity measure h(A) ≥ 0 of the SCM's weighted adjacency A [d, d], zero exactly when A is a DAG; unitless scalar. CausalVAE uses it as an augmented Lagrangian 3·h + 0.5·h² (write `3 * dag(A) + 0.5 * dag(A) ^ 2`).",
    source:
      "Zheng et al. 2018 (NOTEARS) eq. 6 (exponential); Yu et al. 2019 (DAG-GNN) eq. 13 (polynomial); Yang et al. 2021 (CausalVAE) and huawei-noah trustworthyAI CausalVAE utils._h_A.",
    appliesTo: ["causal_vae"],
    check: (ctx) => {
      const name = ctx.args.scm;
      if (typeof name === "string" && !ctx.scms.includes(name)) {
        return [
          {
            code: "DIS3106",
            param: "scm",
            message: `dag(${name}): no scm named '${name}'`,
            hint: ctx.scms.length
              ? `declared: ${ctx.scms.join(", ")}`
              : "declare one with `scm A over z (...)`",
          },
        ];
      }
      return [];
    },
  },
  compute(ctx, args) {
    const name = argString(args, "scm", "dag");
    const form = argEnum(args, "form", ["polynomial", "exponential"] as const, "dag");
    const a = extraTensor(ctx, name, "dag", "the causal_vae backbone (the scm's adjacency)");
    if (a.rank !== 2) throw new Error(`dag(${name}): adjacency must be [d, d], got [${a.shape}]`);
    return form === "polynomial"
      ? dagPolynomial(a as tf.Tensor2D)
      : dagExponential(a as tf.Tensor2D);
  },
};
