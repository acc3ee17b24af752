/** laplace(scale): pixels as Laplace with fixed unit or learned scale. */
import * as tf from "@tensorflow/tfjs";
import { argEnum } from "../args.js";
import type { LikelihoodDef } from "../types.js";
import { sameShape } from "./bernoulli.js";
import { splitParams } from "./gaussian.js";

/**
 * Per-example NLL Σ_pixels |x − m|/b + log b + ln 2, [B] nats. fixed: b = 1; learned: params
 * [B,H,W,2C] = mean ‖ log b. Source: rtqichen/beta-tcvae lib/dist.py::Laplace.log_density.
 */
export function laplaceNll(x: tf.Tensor4D, params: tf.Tensor4D, learned: boolean): tf.Tensor1D {
  return tf.tidy(() => {
    const [m, logB] = splitParams(params, x.shape[3], learned ? 2 : 1, "laplace");
    if (!sameShape(m!.shape, x.shape))
      throw new Error(`laplace: means [${m!.shape}] do not match the data [${x.shape}]`);
    const lb = logB ?? tf.zerosLike(x);
    const perPix = tf.add(tf.add(tf.mul(tf.abs(tf.sub(x, m!)), tf.exp(tf.neg(lb))), lb), Math.LN2);
    return tf.sum(perPix.reshape([x.shape[0], -1]), 1) as tf.Tensor1D;
  });
}

export const laplace: LikelihoodDef = {
  kind: "likelihood",
  name: "laplace",
  signature: {
    params: [
      {
        name: "scale",
        type: { kind: "enum", values: ["fixed", "learned"] },
        default: "fixed",
        doc: "fixed: b = 1, one decoder channel per data channel; learned: two (mean, log b)",
      },
    ],
    doc: "Laplace likelihood per pixel: NLL = |x − m|/b + log b + ln 2, summed over pixels and channels, [B] nats. Decoder channels: C means (fixed b = 1) or C means then C log b (learned). mean = m.",
    source: "rtqichen/beta-tcvae lib/dist.py::Laplace (mu, log scale parameterisation).",
  },
  paramsPerChannel: (args) =>
    argEnum(args, "scale", ["fixed", "learned"] as const, "laplace") === "learned" ? 2 : 1,
  pytorch: (args, x, params, py) =>
    `P.laplace_nll(${x}, ${params}, ${py(args["scale"] === "learned")})`,
  nll: (x, params, args) =>
    laplaceNll(
      x,
      params,
      argEnum(args, "scale", ["fixed", "learned"] as const, "laplace") === "learned",
    ),
  mean: (params, args) =>
    tf.tidy(() => {
      const learned =
        argEnum(args, "scale", ["fixed", "learned"] as const, "laplace") === "learned";
      return learned ? (tf.split(params, 2, 3)[0] as tf.Tensor4D) : tf.clone(params);
    }),
};
