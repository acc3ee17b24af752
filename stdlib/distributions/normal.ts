/** normal(shape): the standard normal prior N(0, I). */
import * as tf from "@tensorflow/tfjs";
import { argShape } from "../args.js";
import type { ArgValue, DistributionDef } from "../types.js";

/** Flattened size D = Π shape. */
export function normalSize(args: Record<string, ArgValue>): number {
  return argShape(args, "shape", "normal").reduce((a, b) => a * b, 1);
}

export const normal: DistributionDef = {
  kind: "distribution",
  name: "normal",
  signature: {
    params: [
      {
        name: "shape",
        type: { kind: "shape" },
        positional: true,
        doc: "latent shape: D (e.g. 10) or concepts × dims (e.g. 4 x 4 = 16 flattened)",
      },
    ],
    doc: "Standard normal prior N(0, I) over a latent of D = Π shape dims, flattened to [B, D]; entropy D·½ ln(2πe) nats.",
    source: "Kingma & Welling 2014, §3 (prior p(z) = N(0, I)).",
  },
  size: normalSize,
  sample: (n, args, seed) =>
    tf.randomNormal([n, normalSize(args)], 0, 1, "float32", seed) as tf.Tensor2D,
  entropy: (args) => normalSize(args) * 0.5 * Math.log(2 * Math.PI * Math.E),
};
