/**
 * `conv28`: InfoGAN's MNIST discriminator trunk (shared by the D and Q heads).
 *
 * Layers for a 28×28×C input ('same' padding; lrelu slope `leak`, 0.01 as in the code):
 *   conv 64 k4 s2 → [14, 14, 64], lrelu (no BN)
 *   conv 128 k4 s2 → [7, 7, 128], BN, lrelu
 *   flatten [6272] → dense 1024, BN, lrelu (`trunk`, the features a Q head reads)
 *   → dense prod(output), linear (1 real/fake logit for a discriminator).
 * BN: momentum 0.9, epsilon 1e-5 (InfoGAN custom_ops.batch_norm); convolutions have no bias
 * before BN. Initialisers: conv truncated normal std 0.02, dense normal std 0.02.
 *
 * Source: Chen et al. 2016 (InfoGAN); openai/InfoGAN infogan/models/regularized_gan.py.
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import {
  imageGeometry,
  NetworkArgError,
  requireIO,
  seededInits,
  sizeOf,
  TRUNK_LAYER,
} from "./common.js";

/** BatchNorm as in InfoGAN's custom_ops (decay 0.9, epsilon 1e-5). */
export function infoganBatchNorm(): tf.layers.Layer {
  return tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
}

export const conv28: NetworkDef = {
  kind: "network",
  name: "conv28",
  accepts: "image",
  produces: "vector",
  imageSizes: [28],
  trunkSize: () => 1024,
  signature: {
    params: [
      {
        name: "leak",
        type: { kind: "number", min: 0, max: 1 },
        default: 0.01,
        doc: "Slope of the leaky ReLU for negative inputs (0.01 in the InfoGAN code; the paper says 0.1).",
      },
    ],
    doc:
      "InfoGAN MNIST discriminator: conv 64 k4 s2 lrelu, conv 128 k4 s2 BN lrelu, dense 1024 BN lrelu " +
      "(the trunk), then a linear dense output; input [28, 28, C], output [D] logits.",
    source: "Chen et al. 2016 (InfoGAN), openai/InfoGAN regularized_gan.py.",
  },
  build(args, io, seed) {
    requireIO("conv28", io);
    const [size, c] = imageGeometry("conv28", io.input, "input", [28]);
    const leak = args["leak"] ?? 0.01;
    if (typeof leak !== "number" || !(leak >= 0 && leak <= 1)) {
      throw new NetworkArgError(
        "conv28",
        `argument 'leak' must be a number in [0, 1], got ${JSON.stringify(leak)}`,
      );
    }
    const init = seededInits(seed);
    const lrelu = (x: tf.SymbolicTensor) =>
      tf.layers.leakyReLU({ alpha: leak }).apply(x) as tf.SymbolicTensor;
    const input = tf.input({ shape: [size, size, c] });
    let h = tf.layers
      .conv2d({
        filters: 64,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        kernelInitializer: init("truncated02"),
      })
      .apply(input) as tf.SymbolicTensor;
    h = lrelu(h);
    h = tf.layers
      .conv2d({
        filters: 128,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        useBias: false,
        kernelInitializer: init("truncated02"),
      })
      .apply(h) as tf.SymbolicTensor;
    h = lrelu(infoganBatchNorm().apply(h) as tf.SymbolicTensor);
    h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    h = tf.layers
      .dense({ units: 1024, useBias: false, kernelInitializer: init("normal02") })
      .apply(h) as tf.SymbolicTensor;
    h = infoganBatchNorm().apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ alpha: leak, name: TRUNK_LAYER }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: sizeOf(io.output), kernelInitializer: init("normal02") })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  },
};
