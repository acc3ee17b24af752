/**
 * The Gaussian posterior head of an encoder: [B, 2D] → mu [B, D], logvar [B, D] (disentanglement_lib
 * convention: log-variance), with logvar clamped so that exp(logvar) and exp(-logvar) stay finite.
 *
 * Source: disentanglement_lib gaussian_encoder_model.py (two linear heads mu, logvar;
 * z = mu + exp(logvar / 2)·eps); Kingma & Welling 2014, eq. 10 (reparameterisation).
 */
import * as tf from "@tensorflow/tfjs";

/** Lower clamp of logvar: exp(-30) ≈ 9.4e-14 (a standard deviation of ≈ 3.1e-7). */
export const LOGVAR_MIN = -30;
/** Upper clamp of logvar: exp(20) ≈ 4.9e8 (standard deviation ≈ 2.2e4); float32 overflows only past 88. */
export const LOGVAR_MAX = 20;

/**
 * Keras layer `GaussianParams`: input [B, 2D] = mu ‖ raw logvar; output [B, 2D] = mu ‖ clip(logvar,
 * LOGVAR_MIN, LOGVAR_MAX) via tf.clipByValue (its gradient is 0 outside the range). One tensor out,
 * so a saved encoder stays a single-output model; split it with `splitGaussian`.
 * Registered with tf.serialization.registerClass, so saved models that contain it load.
 * Throws (at build time) when the last dimension is odd or unknown.
 */
export class GaussianParams extends tf.layers.Layer {
  static readonly className = "GaussianParams";

  constructor(args: { name?: string; trainable?: boolean } = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const last = shape[shape.length - 1];
    if (shape.length !== 2 || last === null || last === undefined || last % 2 !== 0) {
      throw new Error(
        `GaussianParams: input must be [B, 2D] with an even last dimension, got [${shape.join(", ")}]`,
      );
    }
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const { mu, logvar } = splitGaussian(x);
      return tf.concat([mu, logvar], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig() };
  }
}
tf.serialization.registerClass(GaussianParams);

/**
 * Splits an encoder output [B, 2D] into mu [B, D] and logvar [B, D], clamping logvar to
 * [LOGVAR_MIN, LOGVAR_MAX]. Idempotent on the output of GaussianParams.
 * Throws an Error when the input is not rank 2 with an even last dimension.
 */
export function splitGaussian(out: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  if (out.rank !== 2 || (out.shape[1] ?? 1) % 2 !== 0) {
    throw new Error(
      `splitGaussian: expected [B, 2D] with an even last dimension, got [${out.shape.join(", ")}]`,
    );
  }
  const d = out.shape[1] / 2;
  return tf.tidy(() => {
    const [mu, raw] = tf.split(out, [d, d], 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mu, logvar: tf.clipByValue(raw, LOGVAR_MIN, LOGVAR_MAX) };
  });
}

/**
 * The reparameterised sample z = mu + exp(logvar / 2) · eps, all [B, D]. `eps` ~ N(0, I) is passed
 * in so the caller controls its seed. Throws when the three shapes differ.
 * Source: Kingma & Welling 2014, eq. 10; disentanglement_lib sample_from_latent_distribution.
 */
export function reparameterize(
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  eps: tf.Tensor2D,
): tf.Tensor2D {
  const same = (a: tf.Tensor, b: tf.Tensor) =>
    a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]);
  if (!same(mu, logvar) || !same(mu, eps)) {
    throw new Error(
      `reparameterize: mu [${mu.shape.join(", ")}], logvar [${logvar.shape.join(", ")}] and eps [${eps.shape.join(", ")}] must have the same shape`,
    );
  }
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)));
}

/**
 * Returns a model that appends a GaussianParams layer to `encoder` (whose single output is [B, 2D]):
 * same input, output [B, 2D] with logvar clamped. Throws when the output is not [B, 2D].
 */
export function withGaussianHead(encoder: tf.LayersModel): tf.LayersModel {
  if (encoder.outputs.length !== 1)
    throw new Error("withGaussianHead: the encoder must have exactly one output");
  const out = new GaussianParams({ name: "gaussian_params" }).apply(
    encoder.outputs[0]!,
  ) as tf.SymbolicTensor;
  return tf.model({ inputs: encoder.inputs, outputs: out, name: `${encoder.name}_gaussian` });
}
