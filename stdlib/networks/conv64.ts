/**
 * `conv64`: the convolutional encoder of disentanglement_lib (Burgess et al. 2018 / Locatello et al. 2019).
 *
 * Layers for a 64×64×C input (TF 'same' padding, ReLU after every layer but the last):
 *   conv c1 k4 s2 → [32, 32, c1];  conv c2 k4 s2 → [16, 16, c2];
 *   conv c3 k2 s2 → [8, 8, c3];    conv c4 k2 s2 → [4, 4, c4];
 *   flatten [16·c4] → dense hidden (`trunk`) → dense prod(output), linear (mu ‖ logvar for an encoder).
 * For a 32×32 input nothing is dropped: the maps are [16,16], [8,8], [4,4], [2,2] and the flatten is 4·c4.
 * Defaults channels [32, 32, 64, 64], hidden 256. Initialisers: `init: glorot` (default; Glorot
 * uniform, zero biases, Keras's default) or `init: torch` (PyTorch's default), see init.ts.
 *
 * Source: disentanglement_lib methods/shared/architectures.py `conv_encoder` (note the kernel
 * size 2 in the third and fourth convolutions; Locatello et al. 2019).
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import {
  enumArg,
  imageGeometry,
  intArg,
  intListArg,
  requireIO,
  sizeOf,
  TRUNK_LAYER,
} from "./common.js";
import { INIT_SCHEMES, initParam, layerInits } from "./init.js";

const KERNELS = [4, 4, 2, 2] as const;

export const conv64: NetworkDef = {
  kind: "network",
  name: "conv64",
  accepts: "image",
  produces: "vector",
  imageSizes: [32, 64],
  signature: {
    params: [
      {
        name: "channels",
        type: { kind: "list", of: { kind: "number", integer: true, min: 1 } },
        default: [32, 32, 64, 64],
        doc: "Filters of the four stride-2 convolutions (kernels 4, 4, 2, 2).",
      },
      {
        name: "hidden",
        type: { kind: "number", integer: true, min: 1 },
        default: 256,
        doc: "Units of the dense layer after the convolutions.",
      },
      initParam,
    ],
    doc:
      "Four stride-2 'same' convolutions (k4, k4, k2, k2) with ReLU, a dense ReLU layer and a linear " +
      "output layer; input [S, S, C] with S 64 or 32, output [D] (2·latent size for a Gaussian encoder).",
    source: "Burgess et al. 2018; disentanglement_lib architectures.py conv_encoder.",
  },
  pytorch: {
    args: ["channels", "hidden"],
    // the vector side is a number: the one entry of its list
    construct: (input, output, kwargs) =>
      `dt.nets.Conv64(${input}, ${output.slice(1, -1)}, ${kwargs})`,
  },
  build(args, io, seed) {
    requireIO("conv64", io);
    const [size, c] = imageGeometry("conv64", io.input, "input", [32, 64]);
    const channels = intListArg("conv64", args, "channels", [32, 32, 64, 64], 4);
    const hidden = intArg("conv64", args, "hidden", 256);
    const init = layerInits(seed, enumArg("conv64", args, "init", INIT_SCHEMES, "glorot"));
    const input = tf.input({ shape: [size, size, c] });
    let h: tf.SymbolicTensor = input;
    let inChannels = c;
    channels.forEach((filters, i) => {
      const k = KERNELS[i] ?? 2;
      h = tf.layers
        .conv2d({
          filters,
          kernelSize: k,
          strides: 2,
          padding: "same",
          activation: "relu",
          ...init(inChannels * k * k),
        })
        .apply(h) as tf.SymbolicTensor;
      inChannels = filters;
    });
    h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const flat = sizeOf(h.shape.slice(1) as number[]);
    h = tf.layers
      .dense({ units: hidden, activation: "relu", ...init(flat), name: TRUNK_LAYER })
      .apply(h) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: sizeOf(io.output), ...init(hidden) })
      .apply(h) as tf.SymbolicTensor;
    const shaped =
      io.output.length > 1
        ? (tf.layers.reshape({ targetShape: [...io.output] }).apply(out) as tf.SymbolicTensor)
        : out;
    return tf.model({ inputs: input, outputs: shaped });
  },
};
