/**
 * Minibatch estimators of log q(z) and log Π_d q(z_d) for the beta-TCVAE decomposition
 * (Chen et al. 2018, §4 and Appendix C).
 *
 * M[i,j,d] = log N(z_i,d; mu_j,d, exp(logvar_j,d)) is [B, B, D]; it is built in row chunks so
 * memory stays at about `CHUNK_ELEMENTS` floats per chunk even for large B (B = 10⁴ in tests).
 */
import * as tf from "@tensorflow/tfjs";
import { gaussianLogDensity } from "./gaussian.js";

/** Upper bound on the elements of one [rows, B, D] chunk of M. */
const CHUNK_ELEMENTS = 1 << 22;

export type MinibatchEstimator = "mws" | "mss";

export interface LogDensities {
  /** log q(z_i|x_i) summed over D, [B]. */
  readonly logqzCondx: tf.Tensor1D;
  /** log q(z_i) estimate, [B]. */
  readonly logqz: tf.Tensor1D;
  /** Σ_d log q(z_i,d) estimate, [B]. */
  readonly logqzProdMarginals: tf.Tensor1D;
  /** log p(z_i) under N(0, I), summed over D, [B]. */
  readonly logpz: tf.Tensor1D;
}

/**
 * log W for minibatch stratified sampling, [B, B], the *intended* matrix (not the official
 * code's stride bug, reported as rtqichen/beta-tcvae PR #1): W[i,i] = 1/N, W[i,(i+1) mod B] = (N−B+1)/(N(B−1)),
 * all other entries 1/(B−1); every row sums to 1. B = 1 gives [[0]] (weight 1).
 * Throws when N < B or B < 1.
 */
export function mssLogWeights(batchSize: number, datasetSize: number): tf.Tensor2D {
  const B = batchSize;
  const N = datasetSize;
  if (!Number.isInteger(B) || B < 1)
    throw new Error(`mss: batch size must be a positive integer, got ${B}`);
  if (!(N >= B))
    throw new Error(`mss: dataset size N (${N}) must be at least the batch size B (${B})`);
  const w = mssWeightsArray(B, N);
  return tf.tensor2d(
    w.map((v) => Math.log(v)),
    [B, B],
  );
}

/** The MSS weights as a row-major float64 array [B*B] (see mssLogWeights). */
export function mssWeightsArray(B: number, N: number): number[] {
  if (B === 1) return [1];
  const other = 1 / (B - 1);
  const strat = (N - B + 1) / (N * (B - 1));
  const w = new Array<number>(B * B).fill(other);
  for (let i = 0; i < B; i++) {
    w[i * B + i] = 1 / N;
    w[i * B + ((i + 1) % B)] = strat;
  }
  return w;
}

/**
 * The four per-example log densities of the decomposition, [B] each, in nats.
 * z, mu, logvar [B, D]. mws: log q(z_i) = LSE_j Σ_d M[i,j,d] − log(NB) and
 * Σ_d [LSE_j M[i,j,d] − log(NB)]; with `constants: false` the −log(NB) terms are dropped
 * (disentanglement_lib's total_correlation). mss: LSE_j(Σ_d M[i,j,d] + log W[i,j]) and
 * Σ_d LSE_j(M[i,j,d] + log W[i,j]); `constants` does not apply (W already normalises).
 * `chunkElements` bounds the size of one [rows, B, D] block of M (results do not depend on it).
 * Throws when shapes disagree or N < B.
 */
export function minibatchLogDensities(
  z: tf.Tensor2D,
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  estimator: MinibatchEstimator,
  datasetSize: number,
  constants = true,
  chunkElements = CHUNK_ELEMENTS,
): LogDensities {
  return tf.tidy(() => {
    const [B, D] = z.shape;
    if (mu.shape[0] !== B || logvar.shape[0] !== B || mu.shape[1] !== D || logvar.shape[1] !== D) {
      throw new Error(
        `minibatch estimator: z, mu, logvar must all be [B, D]; got ${z.shape}, ${mu.shape}, ${logvar.shape}`,
      );
    }
    if (!(datasetSize >= B)) {
      throw new Error(
        `minibatch estimator: dataset size N (${datasetSize}) must be at least the batch size (${B})`,
      );
    }
    const logW = estimator === "mss" ? mssLogWeights(B, datasetSize) : null;
    const mu3 = mu.expandDims(0); // [1,B,D]
    const lv3 = logvar.expandDims(0);
    const rows = Math.max(1, Math.floor(chunkElements / Math.max(1, B * D)));
    const joint: tf.Tensor1D[] = [];
    const marg: tf.Tensor1D[] = [];
    for (let start = 0; start < B; start += rows) {
      const n = Math.min(rows, B - start);
      const [j, m] = tf.tidy(() => {
        const zi = z.slice([start, 0], [n, D]).expandDims(1); // [n,1,D]
        let M = gaussianLogDensity(zi, mu3, lv3); // [n,B,D]
        let S = tf.sum(M, 2); // [n,B]
        if (logW !== null) {
          const w = logW.slice([start, 0], [n, B]);
          S = tf.add(S, w);
          M = tf.add(M, w.expandDims(2));
        }
        return [logSumExp(S, 1) as tf.Tensor1D, tf.sum(logSumExp(M, 1), 1) as tf.Tensor1D];
      });
      joint.push(j);
      marg.push(m);
    }
    let logqz: tf.Tensor1D = joint.length === 1 ? joint[0]! : tf.concat(joint);
    let logqzProdMarginals: tf.Tensor1D = marg.length === 1 ? marg[0]! : tf.concat(marg);
    if (estimator === "mws" && constants) {
      const c = Math.log(datasetSize * B);
      logqz = tf.sub(logqz, c);
      logqzProdMarginals = tf.sub(logqzProdMarginals, D * c);
    }
    const logqzCondx = tf.sum(gaussianLogDensity(z, mu, logvar), 1) as tf.Tensor1D;
    const logpz = tf.sum(gaussianLogDensity(z, tf.zerosLike(z), tf.zerosLike(z)), 1) as tf.Tensor1D;
    return { logqzCondx, logqz, logqzProdMarginals, logpz };
  });
}

/**
 * log Σ exp(x) along `axis` (removed), like tf.logSumExp, with the gradient written directly as
 * dy · softmax(x) = dy · exp(x − lse). tf.logSumExp's own gradient goes back through the max it
 * subtracts for stability (Equal and Max kernels on the [n, B, D] block, among others), although
 * the max cancels; here the backward pass is one Sub, Exp and Mul. Values and gradients equal
 * tf.logSumExp's (test/stdlib/minibatch-lse.test.ts).
 */
export function logSumExp(x: tf.Tensor, axis: number): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const kept = tf.logSumExp(input, axis, true);
    save([input, kept]);
    return {
      value: tf.squeeze(kept, [axis]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, lse] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(tf.expandDims(dy, axis), tf.exp(tf.sub(xs, lse)));
      },
    };
  });
  return f(x);
}

/** Batch means of the three beta-TCVAE terms (scalars, nats). */
export function tcDecomposition(
  z: tf.Tensor2D,
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  estimator: MinibatchEstimator,
  datasetSize: number,
  constants = true,
): { mutualInfo: tf.Scalar; totalCorrelation: tf.Scalar; dimwiseKl: tf.Scalar } {
  return tf.tidy(() => {
    const d = minibatchLogDensities(z, mu, logvar, estimator, datasetSize, constants);
    return {
      mutualInfo: tf.mean(tf.sub(d.logqzCondx, d.logqz)) as tf.Scalar,
      totalCorrelation: tf.mean(tf.sub(d.logqz, d.logqzProdMarginals)) as tf.Scalar,
      dimwiseKl: tf.mean(tf.sub(d.logqzProdMarginals, d.logpz)) as tf.Scalar,
    };
  });
}

/**
 * Why a minibatch estimate (mws or mss) of a KL term — total correlation, index-code mutual
 * information, dimension-wise KL — can be negative at batch size B and data-set size N.
 * mws weighs each of the B codes 1/(N·B) (Chen et al. 2018, §4.1), so each log-density it
 * estimates sits log N below the batch's own mixture: log q(z) once, Σ_d log q(z_d) D times. The
 * offsets are constants without gradient: mutual_info reads log N high, total_correlation
 * (D−1)·log N high and dimwise_kl D·log N low. mss weighs the example's own posterior 1/N and
 * the others 1/(B−1), an estimate biased when B ≪ N (Appendix C) that can drop below 0 with a
 * gradient. The note says what to expect and what helps.
 */
export function minibatchBiasNote(
  estimator: string,
  batchSize: number,
  datasetSize: number,
): string {
  if (estimator === "mws") {
    const logN = Math.log(datasetSize).toFixed(1);
    return (
      `the mws estimator weighs each of the B = ${batchSize} codes 1/(N·B) with N = ${datasetSize}, ` +
      `so Σ_d log q(z_d) sits log N = ${logN} nats per latent dimension below the batch's own ` +
      `estimate and dimwise_kl reads D·log N low (total_correlation (D−1)·log N and mutual_info ` +
      `log N high); these offsets are constants without gradient, so training is unaffected — ` +
      `compare values between runs, or use mss with a large batch for the values themselves`
    );
  }
  return (
    `the ${estimator} estimator reads log q(z) from B = ${batchSize} of the N = ${datasetSize} ` +
    `examples' posteriors and is biased when B ≪ N, so it can go below 0 although the quantity ` +
    `it estimates cannot; a positive weight on the term then rewards the bias. A larger batch ` +
    `reduces it (Chen et al. 2018 train with B = 2048)`
  );
}
