/** adam(lr, beta1, beta2, epsilon). */
import * as tf from "@tensorflow/tfjs";
import { argNumber } from "../args.js";
import type { OptimizerDef, ParamSpec } from "../types.js";

/** The learning-rate parameter shared by every optimizer (required). */
export const lrParam: ParamSpec = {
  name: "lr",
  type: { kind: "number", min: 0 },
  positional: true,
  doc: "learning rate (step size)",
};

export const adamParams: readonly ParamSpec[] = [
  lrParam,
  {
    name: "beta1",
    type: { kind: "number", min: 0, max: 1 },
    default: 0.9,
    doc: "decay of the first-moment estimate",
  },
  {
    name: "beta2",
    type: { kind: "number", min: 0, max: 1 },
    default: 0.999,
    doc: "decay of the second-moment estimate",
  },
  {
    name: "epsilon",
    type: { kind: "number", min: 0 },
    default: 1e-8,
    doc: "added to sqrt(v̂) in the denominator",
  },
];

/** Adam; create() returns tf.train.adam(lr, beta1, beta2, epsilon). Throws on a missing lr. */
export const adam: OptimizerDef = {
  kind: "optimizer",
  name: "adam",
  signature: {
    params: adamParams,
    doc: "Adam with bias-corrected moments: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε).",
    source: "Kingma & Ba 2015, Algorithm 1; tf.train.adam.",
  },
  pytorch: "adam",
  create(args) {
    return tf.train.adam(
      argNumber(args, "lr", "adam"),
      argNumber(args, "beta1", "adam"),
      argNumber(args, "beta2", "adam"),
      argNumber(args, "epsilon", "adam"),
    );
  },
};
