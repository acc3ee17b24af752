/** sgd(lr, momentum). */
import * as tf from "@tensorflow/tfjs";
import { argNumber } from "../args.js";
import type { OptimizerDef } from "../types.js";
import { lrParam } from "./adam.js";

/** Plain SGD (momentum 0) or heavy-ball momentum SGD: tf.train.sgd / tf.train.momentum. */
export const sgd: OptimizerDef = {
  kind: "optimizer",
  name: "sgd",
  signature: {
    params: [
      lrParam,
      {
        name: "momentum",
        type: { kind: "number", min: 0, max: 1 },
        default: 0,
        doc: "heavy-ball momentum μ; 0 is plain SGD",
      },
    ],
    doc: "Stochastic gradient descent θ ← θ − lr·g, or with momentum v ← μ·v + g, θ ← θ − lr·v.",
    source: "Robbins & Monro 1951; Polyak 1964 (momentum); tf.train.sgd / tf.train.momentum.",
  },
  pytorch: "sgd",
  create(args) {
    const lr = argNumber(args, "lr", "sgd");
    const momentum = argNumber(args, "momentum", "sgd");
    return momentum === 0 ? tf.train.sgd(lr) : tf.train.momentum(lr, momentum);
  },
};
