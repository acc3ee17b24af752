/**
 * Access to a network's trunk (its last hidden features, the layer every stdlib network names
 * `trunk`), for heads that read another network's features (InfoGAN's Q head on the discriminator).
 */
import * as tf from "@tensorflow/tfjs";

/** Name of the trunk layer in stdlib networks (stdlib/networks/common.ts TRUNK_LAYER). */
export const TRUNK = "trunk";

/**
 * A two-output model sharing `net`'s weights: [trunk features [B, F], net's output].
 * Throws an Error naming the network when it has no layer called `trunk`.
 */
export function trunkModel(net: tf.LayersModel): tf.LayersModel {
  const layer = net.layers.find((l) => l.name === TRUNK);
  if (!layer) {
    throw new Error(
      `network '${net.name}' has no '${TRUNK}' layer, so no head can read its features`,
    );
  }
  return tf.model({
    inputs: net.inputs,
    outputs: [layer.output as tf.SymbolicTensor, net.outputs[0]!],
    name: `${net.name}_with_trunk`,
  });
}
