/**
 * The `init` argument of conv64 and deconv64: which initialisation scheme their layers use.
 *
 * - `glorot` (default): Glorot/Xavier uniform kernels, limit √(6 / (fan_in + fan_out)), zero
 *   biases — the Keras default that disentanglement_lib trains with (Glorot & Bengio 2010).
 * - `torch`: PyTorch's default for nn.Linear / nn.Conv2d / nn.ConvTranspose2d —
 *   kaiming_uniform(a = √5) kernels, i.e. U(−1/√fan_in, 1/√fan_in), and biases from the same
 *   U(−1/√fan_in, 1/√fan_in). fan_in is in_channels·k·k for a convolution and out_channels·k·k for
 *   a transposed one (PyTorch reads it from the weight's second axis; tfjs's fan-in of a
 *   transposed kernel [k, k, out, in] is the same number). Smaller weights than Glorot: a
 *   network starts closer to a constant output. Source: torch/nn/modules/linear.py and
 *   conv.py `reset_parameters`.
 */
import * as tf from "@tensorflow/tfjs";
import type { ParamSpec } from "../types.js";

export type InitScheme = "glorot" | "torch";

export const INIT_SCHEMES: readonly InitScheme[] = ["glorot", "torch"];

/** The `init` parameter shared by conv64 and deconv64. */
export const initParam: ParamSpec = {
  name: "init",
  type: { kind: "enum", values: [...INIT_SCHEMES] },
  default: "glorot",
  doc:
    "Initialisation: glorot (Keras's default, Glorot uniform kernels, zero biases) or torch " +
    "(PyTorch's default, kernels and biases U(−1/√fan_in, 1/√fan_in)).",
};

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** A layer's initialisers for `tf.layers.dense/conv2d/conv2dTranspose` options. */
export interface LayerInit {
  kernelInitializer: Initializer;
  biasInitializer?: Initializer;
}

/**
 * A factory of seeded layer initialisers for `scheme`. Each call gives the next layer's
 * initialisers, `fanIn` being that layer's fan-in (inputs per output unit). Seeds derive from
 * the network seed and a counter, so a network built twice with the same seed has identical
 * weights; `glorot` draws the same seeds as before this option existed (its networks are
 * unchanged).
 */
export function layerInits(seed: number, scheme: InitScheme): (fanIn: number) => LayerInit {
  let k = 0;
  const next = (): number => (Math.imul(seed >>> 0, 2654435761) + 7919 * ++k) >>> 0;
  return (fanIn) => {
    const kernelSeed = next();
    if (scheme === "glorot")
      return { kernelInitializer: tf.initializers.glorotUniform({ seed: kernelSeed }) };
    const bound = 1 / Math.sqrt(fanIn);
    return {
      kernelInitializer: tf.initializers.varianceScaling({
        scale: 1 / 3,
        mode: "fanIn",
        distribution: "uniform",
        seed: kernelSeed,
      }),
      biasInitializer: tf.initializers.randomUniform({
        minval: -bound,
        maxval: bound,
        seed: (kernelSeed ^ 0x5bd1e995) >>> 0,
      }),
    };
  };
}
