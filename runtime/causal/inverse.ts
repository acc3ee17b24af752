/**
 * Exact matrix inverses for the CausalVAE causal layer z = (I − Aᵀ)⁻¹ ε. TensorFlow.js has no
 * matrix inverse, so two exact methods are composed from differentiable tf ops:
 *  - Gauss–Jordan elimination with partial pivoting (any non-singular n×n matrix); the pivot
 *    rows are chosen by reading the pivot column's magnitudes (a discrete choice: gradients flow
 *    through the arithmetic, not through the choice, which is the exact derivative of M⁻¹);
 *  - the Neumann series (I − Aᵀ)⁻¹ = Σ_{p<n} (Aᵀ)^p, exact only when A is a DAG (Aᵀ nilpotent),
 *    kept as a reference / for A known to be acyclic.
 * Training uses Gauss–Jordan because a learned A need not be a DAG until h(A) reaches 0.
 */
import * as tf from "@tensorflow/tfjs";

function square(m: tf.Tensor2D, who: string): number {
  const [r, c] = m.shape;
  if (r !== c || r < 1)
    throw new Error(`${who}: expected a square matrix [n, n], got [${m.shape}]`);
  return r;
}

/**
 * M⁻¹ for M [n, n] by Gauss–Jordan elimination with partial pivoting on [M | I]; O(n²) row ops
 * of length 2n (n is the number of concepts, 4 for the pendulum). Differentiable in M.
 * Throws when M is singular (a pivot below 1e-12 in magnitude) or has non-finite entries.
 */
export function gaussJordanInverse(m: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = square(m, "gaussJordanInverse");
    const aug = tf.concat([m, tf.eye(n)], 1);
    // explicit row slices: tf.unstack's gradient came out wrong here (zero) in tfjs 4.22
    const rows = Array.from(
      { length: n },
      (_, i) => aug.slice([i, 0], [1, 2 * n]).reshape([2 * n]) as tf.Tensor1D,
    );
    for (let c = 0; c < n; c++) {
      const col = tf.stack(rows.slice(c).map((r) => r.slice(c, 1))).dataSync();
      let best = c;
      let bestAbs = -1;
      for (let r = c; r < n; r++) {
        const v = Math.abs(col[r - c] ?? NaN);
        if (!Number.isFinite(v))
          throw new Error("gaussJordanInverse: the matrix has non-finite entries");
        if (v > bestAbs) {
          bestAbs = v;
          best = r;
        }
      }
      if (bestAbs < 1e-12)
        throw new Error(
          `gaussJordanInverse: the matrix is singular (pivot ${bestAbs} in column ${c})`,
        );
      if (best !== c) [rows[c], rows[best]] = [rows[best]!, rows[c]!];
      const pivotRow = rows[c]!;
      const normalised = tf.div(pivotRow, pivotRow.slice(c, 1)) as tf.Tensor1D;
      rows[c] = normalised;
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const row = rows[r]!;
        rows[r] = tf.sub(row, tf.mul(row.slice(c, 1), normalised)) as tf.Tensor1D;
      }
    }
    return tf.stack(rows).slice([0, n], [n, n]) as tf.Tensor2D;
  });
}

/**
 * (I − Aᵀ)⁻¹ = Σ_{p=0}^{n−1} (Aᵀ)^p for A [n, n]: exact iff A is the adjacency of a DAG (then
 * (Aᵀ)^n = 0); for a cyclic A it is only a truncated series. Differentiable in A.
 */
export function neumannCausalInverse(a: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = square(a, "neumannCausalInverse");
    const at = tf.transpose(a) as tf.Tensor2D;
    let term = tf.eye(n) as tf.Tensor2D;
    let sum = term;
    for (let p = 1; p < n; p++) {
      term = tf.matMul(term, at);
      sum = tf.add(sum, term) as tf.Tensor2D;
    }
    return sum;
  });
}

/** (I − Aᵀ)⁻¹ for A [n, n] by Gauss–Jordan (exact for any A with I − Aᵀ non-singular). */
export function causalInverse(a: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = square(a, "causalInverse");
    return gaussJordanInverse(tf.sub(tf.eye(n), tf.transpose(a)) as tf.Tensor2D);
  });
}
