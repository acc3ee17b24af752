/**
 * L2-regularised logistic regression with the semantics of sklearn's default
 * `LogisticRegression()` (C = 1, lbfgs, max_iter 100, tol 1e-4, unpenalised intercept):
 * minimise (1/n)·Σ_i −log p(y_i | x_i) + ‖W‖² / (2·C·n). Two classes: one logistic output;
 * more: a multinomial softmax. Differences: our L-BFGS uses an Armijo backtracking line search
 * (scipy's uses More–Thuente), so after 100 iterations the coefficients may differ slightly
 * when not converged; predictions and AUCs agree to the tolerance.
 */
import { lbfgs } from "./lbfgs.js";

export interface LogisticModel {
  readonly classes: number[];
  readonly d: number;
  /** outputs × (d + 1): weights then intercept per output (1 output for 2 classes) */
  readonly coef: Float64Array;
}

/**
 * Fits on x [n, d] row-major and integer labels y [n].
 * @throws RangeError on shape mismatch or a single class.
 */
export function fitLogistic(
  x: ArrayLike<number>,
  n: number,
  d: number,
  y: ArrayLike<number>,
  opts: { C?: number; maxIter?: number } = {},
): LogisticModel {
  if (x.length !== n * d || y.length !== n)
    throw new RangeError(
      `fitLogistic: x has ${x.length} values and y ${y.length} for n=${n}, d=${d}.`,
    );
  const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
  if (classes.length < 2)
    throw new RangeError(`fitLogistic: needs at least 2 classes, got ${classes.length}.`);
  const C = opts.C ?? 1;
  const cls = new Map(classes.map((c, i) => [c, i]));
  const yi = Int32Array.from(Array.from(y, (v) => cls.get(v) as number));
  const K = classes.length;
  const outputs = K === 2 ? 1 : K;
  const q = d + 1;
  const reg = 1 / (C * n);
  const scores = new Float64Array(outputs);
  const objective = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < outputs; k++) {
        let s = w[k * q + d] as number;
        for (let f = 0; f < d; f++) s += (w[k * q + f] as number) * (x[i * d + f] as number);
        scores[k] = s;
      }
      if (outputs === 1) {
        const s = scores[0] as number;
        const t = yi[i] === 1 ? 1 : 0;
        // log(1 + e^s) − t·s, stably
        loss += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - t * s;
        const r = 1 / (1 + Math.exp(-s)) - t;
        for (let f = 0; f < d; f++) grad[f]! += r * (x[i * d + f] as number);
        grad[d]! += r;
      } else {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, scores[k] as number);
        let z = 0;
        for (let k = 0; k < K; k++) z += Math.exp((scores[k] as number) - mx);
        const lse = mx + Math.log(z);
        loss += lse - (scores[yi[i] as number] as number);
        for (let k = 0; k < K; k++) {
          const r = Math.exp((scores[k] as number) - lse) - (k === yi[i] ? 1 : 0);
          for (let f = 0; f < d; f++) grad[k * q + f]! += r * (x[i * d + f] as number);
          grad[k * q + d]! += r;
        }
      }
    }
    let pen = 0;
    for (let k = 0; k < outputs; k++) {
      for (let f = 0; f < d; f++) {
        const wk = w[k * q + f] as number;
        pen += wk * wk;
        grad[k * q + f] = (grad[k * q + f] as number) / n + reg * wk;
      }
      grad[k * q + d]! /= n;
    }
    return loss / n + 0.5 * reg * pen;
  };
  const { w } = lbfgs(objective, new Float64Array(outputs * q), {
    maxIter: opts.maxIter ?? 100,
    gtol: 1e-4,
  });
  return { classes, d, coef: w };
}

/** Class probabilities [n, K] (columns in `model.classes` order) for x [n, d]. */
export function predictProba(model: LogisticModel, x: ArrayLike<number>, n: number): Float64Array {
  const { d, coef, classes } = model;
  const K = classes.length;
  const q = d + 1;
  const out = new Float64Array(n * K);
  const s = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const outputs = K === 2 ? 1 : K;
    for (let k = 0; k < outputs; k++) {
      let v = coef[k * q + d] as number;
      for (let f = 0; f < d; f++) v += (coef[k * q + f] as number) * (x[i * d + f] as number);
      s[k] = v;
    }
    if (K === 2) {
      const p = 1 / (1 + Math.exp(-(s[0] as number)));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    } else {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, s[k] as number);
      let z = 0;
      for (let k = 0; k < K; k++) z += out[i * K + k] = Math.exp((s[k] as number) - mx);
      for (let k = 0; k < K; k++) out[i * K + k]! /= z;
    }
  }
  return out;
}

/** Predicted labels [n] (argmax probability, first wins). */
export function predictLogistic(model: LogisticModel, x: ArrayLike<number>, n: number): Int32Array {
  const K = model.classes.length;
  const p = predictProba(model, x, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++)
      if ((p[i * K + k] as number) > (p[i * K + best] as number)) best = k;
    out[i] = model.classes[best] as number;
  }
  return out;
}

/** Accuracy of the model on x [n, d], y [n], in [0, 1]. */
export function logisticAccuracy(
  model: LogisticModel,
  x: ArrayLike<number>,
  n: number,
  y: ArrayLike<number>,
): number {
  const p = predictLogistic(model, x, n);
  let c = 0;
  for (let i = 0; i < n; i++) if (p[i] === y[i]) c++;
  return c / n;
}
