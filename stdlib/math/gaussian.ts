/** Gaussian densities and KLs in the disentanglement_lib (log-variance) convention. */
import * as tf from "@tensorflow/tfjs";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Elementwise log N(x; mu, exp(logvar)) = −½((x − mu)² e^{−logvar} + logvar + ln 2π), in nats.
 * Shapes broadcast (e.g. x [B,1,D] against mu, logvar [1,B,D] gives [B,B,D]).
 * Source: disentanglement_lib vae.py::gaussian_log_density (Locatello et al. 2019).
 */
export function gaussianLogDensity(x: tf.Tensor, mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = tf.sub(x, mu);
    const quad = tf.mul(tf.square(d), tf.exp(tf.neg(logvar)));
    return tf.mul(-0.5, tf.add(tf.add(quad, logvar), LOG_2PI));
  });
}

/** The same density for plain numbers (float64), for references and tests. */
export function gaussianLogDensityScalar(x: number, mu: number, logvar: number): number {
  return -0.5 * ((x - mu) ** 2 * Math.exp(-logvar) + logvar + LOG_2PI);
}

/**
 * Analytic KL(N(mu, e^logvar) ‖ N(0, I)) per example, summed over D: ½Σ_d(mu² + e^lv − lv − 1).
 * mu, logvar [B, D] → [B], nats. Source: disentanglement_lib vae.py::compute_gaussian_kl.
 */
export function gaussianKlPerExample(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const t = tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), logvar), 1);
    return tf.mul(0.5, tf.sum(t, 1)) as tf.Tensor1D;
  });
}

/** Batch-mean analytic KL to N(0, I): scalar, nats. mu, logvar [B, D]. */
export function gaussianKl(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(gaussianKlPerExample(mu, logvar)) as tf.Scalar);
}
