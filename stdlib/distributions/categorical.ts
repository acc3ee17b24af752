/** categorical(k): a uniform one-hot code over k classes. */
import * as tf from "@tensorflow/tfjs";
import { argNumber } from "../args.js";
import type { ArgValue, DistributionDef } from "../types.js";

function classes(args: Record<string, ArgValue>): number {
  const k = argNumber(args, "k", "categorical");
  if (!Number.isInteger(k) || k < 2)
    throw new Error(`categorical: k must be an integer ≥ 2, got ${k}`);
  return k;
}

/** Draws n one-hot rows [n, k] with uniform classes (float32; built by comparison, not tf.oneHot). */
export const categorical: DistributionDef = {
  kind: "distribution",
  name: "categorical",
  signature: {
    params: [
      {
        name: "k",
        type: { kind: "number", integer: true, min: 2 },
        positional: true,
        doc: "number of classes; the code is one-hot [B, k]",
      },
    ],
    doc: "Uniform categorical prior over k classes, represented one-hot [B, k] (float32); entropy ln k nats (ln 10 = 2.302585 for InfoGAN's digit code).",
    source: "Chen et al. 2016 (InfoGAN) §5 (c₁ ~ Cat(K = 10, p = 0.1)).",
  },
  size: classes,
  sample: (n, args, seed) =>
    tf.tidy(() => {
      const k = classes(args);
      const idx = tf.floor(tf.randomUniform([n, 1], 0, k, "float32", seed));
      const cls = tf.range(0, k).reshape([1, k]);
      return tf.cast(tf.equal(idx, cls), "float32") as tf.Tensor2D;
    }),
  entropy: (args) => Math.log(classes(args)),
};
