/** Shared helpers for the stdlib tests: a TermContext builder and scalar readers. */
import * as tf from "@tensorflow/tfjs";
import type { LatentTensors, TermContext } from "../../stdlib/types.js";

const NO_X = tf.keep(tf.zeros([1, 1, 1, 1]) as tf.Tensor4D);

export function ctxWith(
  parts: Partial<TermContext> & { latents?: Record<string, LatentTensors> },
): TermContext {
  return {
    x: parts.x ?? NO_X,
    y: parts.y,
    latents: parts.latents ?? {},
    outputs: parts.outputs ?? {},
    likelihoods: parts.likelihoods ?? {},
    step: parts.step ?? 0,
    batchSize: parts.batchSize ?? 1,
    datasetSize: parts.datasetSize ?? 1000,
    extra: parts.extra ?? {},
    priors: parts.priors,
  };
}

export function val(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  if (v === undefined) throw new Error("empty tensor");
  return v;
}

export function filled(shape: [number, number], value: number): tf.Tensor2D {
  return tf.fill(shape, value) as tf.Tensor2D;
}

/** Seeded standard-normal [B, D]. */
export function randn(shape: [number, number], seed: number, scale = 1): tf.Tensor2D {
  return tf.randomNormal(shape, 0, scale, "float32", seed) as tf.Tensor2D;
}

/** Runs fn (which returns a tensor or a record of tensors) and returns how many tensors outlive it once its result is disposed. */
export function leakedBy(fn: () => tf.TensorContainer): number {
  const before = tf.memory().numTensors;
  const out = fn();
  tf.dispose(out);
  return tf.memory().numTensors - before;
}
