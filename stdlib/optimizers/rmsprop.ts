/** rmsprop(lr, decay, momentum, epsilon). */
import * as tf from "@tensorflow/tfjs";
import { argNumber } from "../args.js";
import type { OptimizerDef } from "../types.js";
import { lrParam } from "./adam.js";

/** RMSprop; create() returns tf.train.rmsprop(lr, decay, momentum, epsilon) (uncentered). */
export const rmsprop: OptimizerDef = {
  kind: "optimizer",
  name: "rmsprop",
  signature: {
    params: [
      lrParam,
      {
        name: "decay",
        type: { kind: "number", min: 0, max: 1 },
        default: 0.9,
        doc: "decay ρ of the mean square ms ← ρ·ms + (1−ρ)g²",
      },
      {
        name: "momentum",
        type: { kind: "number", min: 0, max: 1 },
        default: 0,
        doc: "momentum of the update (IB-GAN uses 0.9)",
      },
      {
        name: "epsilon",
        type: { kind: "number", min: 0 },
        default: 1e-8,
        doc: "added to the mean square inside the square root",
      },
    ],
    doc: "RMSprop (uncentered): ms ← ρ·ms + (1−ρ)g², mom ← μ·mom + lr·g/√(ms + ε), θ ← θ − mom.",
    source: "Tieleman & Hinton 2012, Lecture 6.5; tf.train.rmsprop.",
  },
  pytorch: "rmsprop",
  create(args) {
    return tf.train.rmsprop(
      argNumber(args, "lr", "rmsprop"),
      argNumber(args, "decay", "rmsprop"),
      argNumber(args, "momentum", "rmsprop"),
      argNumber(args, "epsilon", "rmsprop"),
    );
  },
};
