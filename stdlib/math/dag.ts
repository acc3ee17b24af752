/**
 * Acyclicity measures h(A) of a weighted adjacency matrix A [d, d]; h(A) = 0 iff the graph
 * of A is a DAG, h > 0 otherwise. Differentiable tfjs ops only (tfjs has no expm).
 */
import * as tf from "@tensorflow/tfjs";

function checkSquare(a: tf.Tensor2D, who: string): number {
  const [r, c] = a.shape;
  if (r !== c || r < 1)
    throw new Error(`${who}: the adjacency matrix must be square [d, d], got [${a.shape}]`);
  return r;
}

/** P^n by repeated squaring, n ≥ 1. */
function matPow(p: tf.Tensor2D, n: number): tf.Tensor2D {
  let result: tf.Tensor2D | null = null;
  let base = p;
  let k = n;
  while (k > 0) {
    if (k & 1) result = result === null ? base : (tf.matMul(result, base) as tf.Tensor2D);
    k >>= 1;
    if (k > 0) base = tf.matMul(base, base);
  }
  return result ?? (tf.eye(p.shape[0]) as tf.Tensor2D);
}

function trace(m: tf.Tensor2D): tf.Scalar {
  const d = m.shape[0];
  return tf.sum(tf.mul(m, tf.eye(d))) as tf.Scalar;
}

/**
 * Polynomial form h(A) = tr((I + A∘A/m)^m) − m with m = d (Yu et al. 2019, DAG-GNN eq. 13;
 * CausalVAE utils._h_A). A [d, d] → scalar. Throws for a non-square A.
 */
export function dagPolynomial(a: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const d = checkSquare(a, "dag(polynomial)");
    const p = tf.add(tf.eye(d), tf.div(tf.square(a), d)) as tf.Tensor2D;
    return tf.sub(trace(matPow(p, d)), d) as tf.Scalar;
  });
}

/**
 * Exponential form h(A) = tr(exp(A∘A)) − d (Zheng et al. 2018, NOTEARS eq. 6), the matrix
 * exponential by scaling and squaring: exp(X) = (T₁₂(X / 2^s))^{2^s}, T₁₂ the degree-12 Taylor
 * polynomial, s chosen so that ‖X / 2^s‖₁ ≤ 0.5 (relative truncation error < 1e-13).
 * A [d, d] → scalar. Reads ‖A∘A‖₁ synchronously to choose s (no gradient flows through s).
 */
export function dagExponential(a: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const d = checkSquare(a, "dag(exponential)");
    const x = tf.square(a) as tf.Tensor2D;
    const norm1 = tf.max(tf.sum(x, 0)).dataSync()[0] ?? 0;
    if (!Number.isFinite(norm1))
      throw new Error("dag(exponential): the adjacency matrix has non-finite entries");
    const s = norm1 > 0.5 ? Math.ceil(Math.log2(norm1 / 0.5)) : 0;
    const xs = tf.div(x, 2 ** s) as tf.Tensor2D;
    // Horner: I + X(I + X/2(I + X/3(... (I + X/12))))
    const eye = tf.eye(d) as tf.Tensor2D;
    let acc: tf.Tensor2D = eye;
    for (let k = 12; k >= 1; k--) acc = tf.add(eye, tf.div(tf.matMul(xs, acc), k)) as tf.Tensor2D;
    for (let i = 0; i < s; i++) acc = tf.matMul(acc, acc);
    return tf.sub(trace(acc), d) as tf.Scalar;
  });
}
