/**
 * `deconv28`: InfoGAN's MNIST generator.
 *
 * Layers for an input [D] (noise ‖ codes, 74 on MNIST) and a 28×28×C output ('same' padding):
 *   dense 1024, BN, ReLU → dense 7·7·128 = 6272, BN, ReLU → reshape [7, 7, 128]
 *   → deconv 64 k4 s2 → [14, 14, 64], BN, ReLU → deconv C k4 s2 → [28, 28, C] logits (linear;
 *   the likelihood's mean applies the sigmoid, InfoGAN's MeanBernoulli).
 * BN: momentum 0.9, epsilon 1e-5; layers followed by BN have no bias. Initialisers: normal std 0.02.
 *
 * Source: Chen et al. 2016 (InfoGAN); openai/InfoGAN infogan/models/regularized_gan.py.
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import { imageGeometry, requireIO, seededInits, vectorSize } from "./common.js";
import { infoganBatchNorm } from "./conv28.js";

export const deconv28: NetworkDef = {
  kind: "network",
  name: "deconv28",
  accepts: "vector",
  produces: "image",
  imageSizes: [28],
  signature: {
    params: [],
    doc:
      "InfoGAN MNIST generator: dense 1024 BN ReLU, dense 7·7·128 BN ReLU, deconv 64 k4 s2 BN ReLU, " +
      "deconv C k4 s2 (logits); input [D], output [28, 28, C].",
    source: "Chen et al. 2016 (InfoGAN), openai/InfoGAN regularized_gan.py.",
  },
  build(_args, io, seed) {
    requireIO("deconv28", io);
    const d = vectorSize("deconv28", io.input, "input");
    const [, c] = imageGeometry("deconv28", io.output, "output", [28]);
    const init = seededInits(seed);
    const bnRelu = (x: tf.SymbolicTensor) =>
      tf.layers
        .activation({ activation: "relu" })
        .apply(infoganBatchNorm().apply(x)) as tf.SymbolicTensor;
    const input = tf.input({ shape: [d] });
    let h = tf.layers
      .dense({ units: 1024, useBias: false, kernelInitializer: init("normal02") })
      .apply(input) as tf.SymbolicTensor;
    h = bnRelu(h);
    h = tf.layers
      .dense({ units: 7 * 7 * 128, useBias: false, kernelInitializer: init("normal02") })
      .apply(h) as tf.SymbolicTensor;
    h = bnRelu(h);
    h = tf.layers.reshape({ targetShape: [7, 7, 128] }).apply(h) as tf.SymbolicTensor;
    h = tf.layers
      .conv2dTranspose({
        filters: 64,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        useBias: false,
        kernelInitializer: init("normal02"),
      })
      .apply(h) as tf.SymbolicTensor;
    h = bnRelu(h);
    const out = tf.layers
      .conv2dTranspose({
        filters: c,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        kernelInitializer: init("normal02"),
      })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  },
};
