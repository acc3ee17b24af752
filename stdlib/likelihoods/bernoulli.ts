/** bernoulli: pixels as (soft) Bernoulli targets of decoder logits. */
import * as tf from "@tensorflow/tfjs";
import type { LikelihoodDef } from "../types.js";

/**
 * Per-example NLL Σ_pixels softplus(l) − l·x (= sigmoid cross-entropy with logits, stable for any
 * |l|), x [B,H,W,C] in [0, 1] (soft labels allowed), logits l [B,H,W,C] → [B] nats.
 * Source: disentanglement_lib losses.py::bernoulli_loss.
 */
export function bernoulliNll(x: tf.Tensor4D, logits: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => {
    if (!sameShape(x.shape, logits.shape)) {
      throw new Error(`bernoulli: logits [${logits.shape}] do not match the data [${x.shape}]`);
    }
    // softplus(l) = max(l, 0) + log1p(exp(−|l|)), finite for |l| up to float32 range.
    const sp = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const perPix = tf.sub(sp, tf.mul(logits, x));
    return tf.sum(perPix.reshape([x.shape[0], -1]), 1) as tf.Tensor1D;
  });
}

/** True when two shapes are equal (used to check x against the decoder's parameters). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export const bernoulli: LikelihoodDef = {
  kind: "likelihood",
  name: "bernoulli",
  signature: {
    params: [],
    doc: "Bernoulli likelihood of each pixel given the decoder's logits l (one per channel): NLL = softplus(l) − l·x per pixel (stable form), summed over pixels and channels, [B] nats. Non-binary x in [0, 1] are used as soft labels. mean = sigmoid(l).",
    source:
      "disentanglement_lib losses.py::bernoulli_loss (sigmoid_cross_entropy_with_logits); Kingma & Welling 2014, Appendix C.1.",
  },
  paramsPerChannel: () => 1,
  pytorch: (_args, x, logits) => `P.bernoulli_nll(${x}, ${logits})`,
  nll: (x, params) => bernoulliNll(x, params),
  mean: (params) => tf.sigmoid(params),
};
