/** gaussian(variance): pixels as Gaussian with fixed unit or learned variance. */
import * as tf from "@tensorflow/tfjs";
import { argEnum } from "../args.js";
import type { LikelihoodDef } from "../types.js";
import { sameShape } from "./bernoulli.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Splits decoder params [B,H,W,P·C] into P groups of C channels along the last axis:
 * the first C channels are the first parameter (the mean), the next C the second (log σ / log b).
 */
export function splitParams(
  params: tf.Tensor4D,
  channels: number,
  groups: number,
  who: string,
): tf.Tensor4D[] {
  if (params.shape[3] !== channels * groups) {
    throw new Error(
      `${who}: decoder gives ${params.shape[3]} channels, needs ${groups} × ${channels}`,
    );
  }
  return groups === 1 ? [params] : (tf.split(params, groups, 3) as tf.Tensor4D[]);
}

/**
 * Per-example NLL Σ_pixels ½((x − m)/σ)² + log σ + ½ ln 2π, [B] nats. fixed: σ = 1 (params are
 * the means, C channels); learned: params [B,H,W,2C] = mean ‖ log σ.
 * Source: rtqichen/beta-tcvae lib/dist.py::Normal.log_density.
 */
export function gaussianNll(x: tf.Tensor4D, params: tf.Tensor4D, learned: boolean): tf.Tensor1D {
  return tf.tidy(() => {
    const C = x.shape[3];
    const [m, logSigma] = splitParams(params, C, learned ? 2 : 1, "gaussian");
    if (!sameShape(m!.shape, x.shape))
      throw new Error(`gaussian: means [${m!.shape}] do not match the data [${x.shape}]`);
    const ls = logSigma ?? tf.zerosLike(x);
    const t = tf.mul(tf.sub(x, m!), tf.exp(tf.neg(ls)));
    const perPix = tf.add(tf.add(tf.mul(0.5, tf.square(t)), ls), HALF_LOG_2PI);
    return tf.sum(perPix.reshape([x.shape[0], -1]), 1) as tf.Tensor1D;
  });
}

export const gaussian: LikelihoodDef = {
  kind: "likelihood",
  name: "gaussian",
  signature: {
    params: [
      {
        name: "variance",
        type: { kind: "enum", values: ["fixed", "learned"] },
        default: "fixed",
        doc: "fixed: σ = 1, one decoder channel per data channel (the mean); learned: two (mean, log σ)",
      },
    ],
    doc: "Gaussian likelihood per pixel: NLL = ½((x − m)/σ)² + log σ + ½ ln 2π, summed over pixels and channels, [B] nats. Decoder channels: C means (fixed σ = 1) or 2C = C means then C log σ (learned). mean = m (not squashed).",
    source:
      "rtqichen/beta-tcvae lib/dist.py::Normal (mu, log sigma parameterisation); Kingma & Welling 2014, Appendix C.2.",
  },
  paramsPerChannel: (args) =>
    argEnum(args, "variance", ["fixed", "learned"] as const, "gaussian") === "learned" ? 2 : 1,
  pytorch: (args, x, params, py) =>
    `P.gaussian_nll(${x}, ${params}, ${py(args["variance"] === "learned")})`,
  nll: (x, params, args) =>
    gaussianNll(
      x,
      params,
      argEnum(args, "variance", ["fixed", "learned"] as const, "gaussian") === "learned",
    ),
  mean: (params, args) =>
    tf.tidy(() => {
      const learned =
        argEnum(args, "variance", ["fixed", "learned"] as const, "gaussian") === "learned";
      return learned ? (tf.split(params, 2, 3)[0] as tf.Tensor4D) : tf.clone(params);
    }),
};
