/** uniform(low, high, size): an independent uniform prior U(low, high)^size. */
import * as tf from "@tensorflow/tfjs";
import { argNumber, ArgumentError } from "../args.js";
import type { ArgValue, DistributionDef } from "../types.js";

/** The checked bounds; throws ArgumentError (a user error) for bounds that define no distribution. */
function bounds(args: Record<string, ArgValue>): { low: number; high: number; size: number } {
  const low = argNumber(args, "low", "uniform");
  const high = argNumber(args, "high", "uniform");
  const size = argNumber(args, "size", "uniform");
  if (!(high > low))
    throw new ArgumentError(`uniform: high (${high}) must be greater than low (${low})`);
  if (!Number.isInteger(size) || size < 1)
    throw new ArgumentError(`uniform: size must be a positive integer, got ${size}`);
  return { low, high, size };
}

export const uniform: DistributionDef = {
  kind: "distribution",
  name: "uniform",
  signature: {
    params: [
      { name: "low", type: { kind: "number" }, positional: true, doc: "lower bound" },
      { name: "high", type: { kind: "number" }, positional: true, doc: "upper bound (> low)" },
      {
        name: "size",
        type: { kind: "number", integer: true, min: 1 },
        default: 1,
        doc: "number of independent dims D",
      },
    ],
    doc: "Independent uniform prior U(low, high) on each of D = size dims, [B, D]; entropy D·ln(high − low) nats. InfoGAN's noise and continuous codes are uniform(-1, 1).",
    check: (ctx) => {
      const { low, high } = ctx.args;
      if (typeof low !== "number" || typeof high !== "number" || high > low) return [];
      return [
        {
          code: "DIS2012",
          param: "high",
          message: `uniform(low, high) needs high > low, but high is ${high} and low is ${low}`,
          hint:
            high < low
              ? `swap them: uniform(${high}, ${low})`
              : "give an interval, e.g. uniform(-1, 1)",
        },
      ];
    },
    source:
      "Chen et al. 2016 (InfoGAN) §5 (c ~ Unif(−1, 1)); openai/InfoGAN misc/distributions.py::Uniform.",
  },
  size: (args) => bounds(args).size,
  sample: (n, args, seed) => {
    const { low, high, size } = bounds(args);
    return tf.randomUniform([n, size], low, high, "float32", seed) as tf.Tensor2D;
  },
  entropy: (args) => {
    const { low, high, size } = bounds(args);
    return size * Math.log(high - low);
  },
};
