/** adamw(lr, beta1, beta2, epsilon, weight_decay): Adam with decoupled weight decay. */
import * as tf from "@tensorflow/tfjs";
import { argNumber } from "../args.js";
import type { OptimizerDef } from "../types.js";
import { adamParams } from "./adam.js";

/**
 * AdamW's optimizer class (`AdamWOptimizer`, registered with tfjs's serialization), defined on
 * the first call. It extends tfjs's AdamOptimizer, so defining it as this module loads would load
 * tfjs wherever the registry is read; the compiled CLI defers tfjs until first use
 * (scripts/build.ts), and `disc check` never uses it.
 */
export function adamWOptimizerClass(): AdamWOptimizerClass {
  return (adamWClass ??= defineAdamW());
}

/** The instance type of `adamWOptimizerClass()`. */
export type AdamWOptimizer = InstanceType<AdamWOptimizerClass>;
type AdamWOptimizerClass = ReturnType<typeof defineAdamW>;
let adamWClass: AdamWOptimizerClass | undefined;

/**
 * Adam with decoupled weight decay (tfjs has none built in). Each applyGradients first shrinks
 * every variable that receives a gradient, θ ← θ − lr·λ·θ, then takes the ordinary Adam step,
 * so θ_t = θ_{t−1} − lr·(m̂/(√v̂+ε) + λ·θ_{t−1}) as in Loshchilov & Hutter, Algorithm 2 (with
 * schedule multiplier 1). λ = 0 is plain Adam.
 */
function defineAdamW() {
  class AdamWOptimizer extends tf.AdamOptimizer {
    static override get className(): string {
      return "AdamW";
    }
    constructor(
      learningRate: number,
      beta1: number,
      beta2: number,
      epsilon: number,
      readonly weightDecay: number,
    ) {
      super(learningRate, beta1, beta2, epsilon);
    }

    override applyGradients(
      variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0],
    ): void {
      if (this.weightDecay !== 0) {
        const names = Array.isArray(variableGradients)
          ? variableGradients.map((v) => v.name)
          : Object.keys(variableGradients);
        const shrink = 1 - this.learningRate * this.weightDecay;
        tf.tidy(() => {
          for (const name of names) {
            const v = tf.engine().registeredVariables[name];
            if (v !== undefined && v.trainable) v.assign(tf.mul(v, shrink));
          }
        });
      }
      super.applyGradients(variableGradients);
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), weightDecay: this.weightDecay };
    }
  }
  tf.serialization.registerClass(AdamWOptimizer);
  return AdamWOptimizer;
}

export const adamw: OptimizerDef = {
  kind: "optimizer",
  name: "adamw",
  signature: {
    params: [
      ...adamParams,
      {
        name: "weight_decay",
        type: { kind: "number", min: 0 },
        default: 0.01,
        doc: "decoupled weight decay λ: θ ← θ − lr·λ·θ each step",
      },
    ],
    doc: "AdamW: Adam plus decoupled weight decay θ ← θ − lr·λ·θ applied before the Adam step to every variable with a gradient (not an L2 term in the loss).",
    source: "Loshchilov & Hutter 2019, 'Decoupled Weight Decay Regularization', Algorithm 2.",
  },
  pytorch: "adamw",
  create(args) {
    return new (adamWOptimizerClass())(
      argNumber(args, "lr", "adamw"),
      argNumber(args, "beta1", "adamw"),
      argNumber(args, "beta2", "adamw"),
      argNumber(args, "epsilon", "adamw"),
      argNumber(args, "weight_decay", "adamw"),
    );
  },
};
