/**
 * `deconv64`: the transposed-convolution decoder of disentanglement_lib (Burgess et al. 2018).
 *
 * Layers for a 64×64×C output (TF 'same' padding, ReLU after every layer but the last):
 *   input [D] → dense hidden (256) → dense 1024 → reshape [4, 4, 64]
 *   → deconv d1 k4 s2 → [8, 8, d1] → deconv d2 k4 s2 → [16, 16, d2] → deconv d3 k4 s2 → [32, 32, d3]
 *   → deconv C k4 s2 → [64, 64, C] logits (linear).
 * For a 32×32 output the same four up-sampling stages start from a 2×2 map instead:
 *   dense hidden → dense 256 → reshape [2, 2, 64] → [4,4,d1] → [8,8,d2] → [16,16,d3] → [32,32,C]
 * (this mirrors conv64 on 32×32 inputs, whose last map is 2×2×64).
 * C is the output's channel count (data channels × the likelihood's parameters per channel).
 * Defaults hidden 256, channels [64, 32, 32]. Initialisers: `init: glorot` (default; Glorot uniform,
 * zero biases, Keras's default) or `init: torch` (PyTorch's default), see init.ts.
 *
 * Source: disentanglement_lib methods/shared/architectures.py `deconv_decoder` (Locatello et al.
 * 2019).
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import { enumArg, imageGeometry, intArg, intListArg, requireIO, vectorSize } from "./common.js";
import { INIT_SCHEMES, initParam, layerInits } from "./init.js";

export const deconv64: NetworkDef = {
  kind: "network",
  name: "deconv64",
  accepts: "vector",
  produces: "image",
  imageSizes: [32, 64],
  signature: {
    params: [
      {
        name: "hidden",
        type: { kind: "number", integer: true, min: 1 },
        default: 256,
        doc: "Units of the first dense layer.",
      },
      {
        name: "channels",
        type: { kind: "list", of: { kind: "number", integer: true, min: 1 } },
        default: [64, 32, 32],
        doc: "Filters of the three hidden k4 s2 transposed convolutions (the last one has C filters).",
      },
      initParam,
    ],
    doc:
      "Dense hidden → dense to a [S/16, S/16, 64] map → four stride-2 k4 'same' transposed convolutions " +
      "with ReLU, the last linear with C filters: input [D], output [S, S, C] logits, S 64 or 32.",
    source: "Burgess et al. 2018; disentanglement_lib architectures.py deconv_decoder.",
  },
  pytorch: {
    args: ["hidden", "channels"],
    // the vector side is a number: the one entry of its list
    construct: (input, output, kwargs) =>
      `dt.nets.Deconv64(${input.slice(1, -1)}, ${output}, ${kwargs})`,
  },
  build(args, io, seed) {
    requireIO("deconv64", io);
    const d = vectorSize("deconv64", io.input, "input");
    const [size, c] = imageGeometry("deconv64", io.output, "output", [32, 64]);
    const hidden = intArg("deconv64", args, "hidden", 256);
    const channels = intListArg("deconv64", args, "channels", [64, 32, 32], 3);
    const start = size / 16;
    const init = layerInits(seed, enumArg("deconv64", args, "init", INIT_SCHEMES, "glorot"));
    const input = tf.input({ shape: [d] });
    let h = tf.layers
      .dense({ units: hidden, activation: "relu", ...init(d) })
      .apply(input) as tf.SymbolicTensor;
    h = tf.layers
      .dense({ units: start * start * 64, activation: "relu", ...init(hidden) })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.reshape({ targetShape: [start, start, 64] }).apply(h) as tf.SymbolicTensor;
    // a transposed convolution's fan-in is its output channels × k × k (PyTorch and tfjs agree)
    for (const filters of channels) {
      h = tf.layers
        .conv2dTranspose({
          filters,
          kernelSize: 4,
          strides: 2,
          padding: "same",
          activation: "relu",
          ...init(filters * 16),
        })
        .apply(h) as tf.SymbolicTensor;
    }
    const out = tf.layers
      .conv2dTranspose({
        filters: c,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        ...init(c * 16),
      })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  },
};
