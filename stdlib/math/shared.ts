/**
 * Quantities computed once per training step and read by several terms.
 *
 * beta-TCVAE's three terms (mutual_info, total_correlation, dimwise_kl; Chen et al. 2018,
 * eq. 2) all read the same minibatch log-densities, whose [B, B, D] matrix is the costly part;
 * a trainer that puts a `SharedQuantities` in its TermContext (`shared: sharedQuantities()`)
 * lets the first term compute them and the others reuse them. Any term can share a value the
 * same way (`sharedValue(ctx, key, compute)`), under a key that names everything the value
 * depends on. Without a store in the context every call computes its own value.
 *
 * The store keeps its tensors alive past the term's tf.tidy (tf.keep) and belongs to the step:
 * the runtime frees them with the context (runtime/train/step.ts `disposeContext`). Gradients
 * flow through a shared value to every term that reads it.
 */
import * as tf from "@tensorflow/tfjs";
import type { TermContext } from "../types.js";
import { minibatchLogDensities, type LogDensities, type MinibatchEstimator } from "./minibatch.js";

/** A per-step store of values several terms read. */
export interface SharedQuantities {
  /** The value under `key`, computed by `compute` on the first call of the step. */
  get<T extends tf.TensorContainer>(key: string, compute: () => T): T;
  /** Every tensor the store holds (to free with the step's context). */
  tensors(): tf.Tensor[];
  /** The keys computed so far this step, in order. */
  keys(): string[];
}

/** A new, empty store; one per step (the generated trainers make one in each TermContext). */
export function sharedQuantities(): SharedQuantities {
  const values = new Map<string, tf.TensorContainer>();
  const held: tf.Tensor[] = [];
  return {
    get<T extends tf.TensorContainer>(key: string, compute: () => T): T {
      if (values.has(key)) return values.get(key) as T;
      const value = tf.tidy(compute);
      for (const t of tensorsOf(value)) held.push(tf.keep(t));
      values.set(key, value);
      return value;
    },
    tensors: () => [...held],
    keys: () => [...values.keys()],
  };
}

/** `ctx.shared.get(key, compute)` where the context has a store, else `compute()`. */
export function sharedValue<T extends tf.TensorContainer>(
  ctx: TermContext,
  key: string,
  compute: () => T,
): T {
  return ctx.shared ? ctx.shared.get(key, compute) : compute();
}

/**
 * The minibatch log-densities of latent `name` (see minibatchLogDensities), [B] each, nats,
 * shared between the terms of one step that ask for the same latent, estimator and constants
 * (mss ignores `constants`, so mss asks share whatever they pass).
 */
export function sharedLogDensities(
  ctx: TermContext,
  name: string,
  tensors: { sample: tf.Tensor2D; mu: tf.Tensor2D; logvar: tf.Tensor2D },
  estimator: MinibatchEstimator,
  constants: boolean,
): LogDensities {
  const key = `minibatch-log-densities/${name}/${estimator}${estimator === "mws" ? `/constants=${constants}` : ""}`;
  return sharedValue(ctx, key, () => {
    const d = minibatchLogDensities(
      tensors.sample,
      tensors.mu,
      tensors.logvar,
      estimator,
      ctx.datasetSize,
      constants,
    );
    return { ...d };
  });
}

/** The tensors inside a TensorContainer (nested arrays and records), in order. */
function tensorsOf(value: tf.TensorContainer): tf.Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  if (value === null || value === undefined || typeof value !== "object") return [];
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.flatMap((v) => tensorsOf(v as tf.TensorContainer));
}
