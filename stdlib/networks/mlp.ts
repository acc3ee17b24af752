/**
 * `mlp`: a fully connected network.
 *
 * Layers (input shape I, output shape O, hidden [h1, …, hk]):
 *   input I → flatten to [prod(I)] (when I is an image) → dense h1 → act → … → dense hk → act
 *   → dense prod(O) (linear) → reshape to O (when O is an image).
 * Named layer `trunk` is the last hidden activation (the features a head reads).
 *
 * Source: disentanglement_lib `fc_encoder` (1200-1200 ReLU, the default here) and
 * `fc_decoder` (1200-1200-1200 tanh → 4096·C) of Higgins et al. 2017 (β-VAE) on dSprites;
 * Locatello et al. 2019, architectures.py.
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import {
  ACTIVATIONS,
  activation,
  enumArg,
  intListArg,
  NetworkArgError,
  requireIO,
  seededInits,
  sizeOf,
  TRUNK_LAYER,
} from "./common.js";

export const mlp: NetworkDef = {
  kind: "network",
  name: "mlp",
  accepts: "any",
  produces: "any",
  signature: {
    params: [
      {
        name: "hidden",
        type: { kind: "list", of: { kind: "number", integer: true, min: 1 } },
        default: [1200, 1200],
        positional: true,
        doc: "Widths of the hidden dense layers, input side first; [] gives a single linear layer.",
      },
      {
        name: "activation",
        type: { kind: "enum", values: ACTIVATIONS },
        default: "relu",
        doc: "Activation after every hidden layer (leaky_relu has slope 0.2); the output layer is linear.",
      },
    ],
    doc:
      "Fully connected network: flattens an image input, applies dense hidden layers with the chosen " +
      "activation, then a linear dense layer of prod(output) units, reshaped to the output shape " +
      "([D] for an encoder's mu ‖ logvar, [H, W, C] logits for a decoder).",
    source:
      "Higgins et al. 2017 (β-VAE), dSprites FC architecture; disentanglement_lib architectures.py fc_encoder/fc_decoder.",
  },
  pytorch: {
    args: ["hidden", "activation"],
    construct: (input, output, kwargs) => `dt.nets.MLP(${input}, ${output}, ${kwargs})`,
  },
  build(args, io, seed) {
    requireIO("mlp", io);
    const hidden =
      args["hidden"] === undefined ? [1200, 1200] : intListArg("mlp", args, "hidden", []);
    const act = enumArg("mlp", args, "activation", ACTIVATIONS, "relu");
    if (
      io.input.length === 0 ||
      io.output.length === 0 ||
      [...io.input, ...io.output].some((d) => !(d >= 1))
    ) {
      throw new NetworkArgError(
        "mlp",
        `bad geometry: input [${io.input.join(", ")}], output [${io.output.join(", ")}]`,
      );
    }
    const init = seededInits(seed);
    const input = tf.input({ shape: [...io.input] });
    let h: tf.SymbolicTensor = input;
    if (io.input.length > 1) h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    hidden.forEach((units, i) => {
      h = tf.layers.dense({ units, kernelInitializer: init() }).apply(h) as tf.SymbolicTensor;
      h = activation(h, act);
      if (i === hidden.length - 1) {
        h = tf.layers
          .activation({ activation: "linear", name: TRUNK_LAYER })
          .apply(h) as tf.SymbolicTensor;
      }
    });
    let out = tf.layers
      .dense({ units: sizeOf(io.output), kernelInitializer: init() })
      .apply(h) as tf.SymbolicTensor;
    if (io.output.length > 1)
      out = tf.layers.reshape({ targetShape: [...io.output] }).apply(out) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  },
};
