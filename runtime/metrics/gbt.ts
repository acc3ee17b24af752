/**
 * Gradient-boosted trees for classification, following sklearn's
 * GradientBoostingClassifier() defaults (Friedman 2001, "Greedy Function Approximation"):
 * log-loss, 100 stages, learning rate 0.1, depth-3 friedman_mse trees, subsample 1.0.
 * Two classes: one tree per stage on the log-odds; K > 2: one tree per class per stage on the
 * softmax residuals. Leaf values are the one-step Newton updates of sklearn
 * `_update_terminal_region` (×(K−1)/K for K > 2). Differences from sklearn: features are
 * visited in index order when choosing a split (sklearn: random order, relevant only for exact
 * ties such as duplicated codes); the initial multiclass raw score is log prior (softmax-
 * equivalent to sklearn's); no early stopping (sklearn's default has none either).
 */
import {
  fitTree,
  predictTree,
  presort,
  treeImportances,
  type TreeNode,
} from "./regression-tree.js";

export interface GbtOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
}

export interface GbtModel {
  readonly classes: number[];
  /** initial raw score per model output */
  readonly init: number[];
  /** trees[stage][output] */
  readonly trees: TreeNode[][][];
  readonly learningRate: number;
  /** normalised feature importances [d] (sklearn `feature_importances_`), sum 1 or all 0 */
  readonly importances: Float64Array;
}

/**
 * Fits the booster on x [n, d] (row-major) and integer labels y [n].
 * @throws RangeError on shape mismatch.
 */
export function fitGbt(
  x: ArrayLike<number>,
  n: number,
  d: number,
  y: ArrayLike<number>,
  opts: GbtOptions = {},
): GbtModel {
  if (x.length !== n * d || y.length !== n)
    throw new RangeError(`fitGbt: x has ${x.length} values and y ${y.length} for n=${n}, d=${d}.`);
  const nEst = opts.nEstimators ?? 100;
  const lr = opts.learningRate ?? 0.1;
  const depth = opts.maxDepth ?? 3;
  const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
  const K = classes.length;
  if (K < 2)
    return { classes, init: [0], trees: [], learningRate: lr, importances: new Float64Array(d) };
  const cls = new Map(classes.map((c, i) => [c, i]));
  const yi = Int32Array.from(Array.from(y, (v) => cls.get(v) as number));
  const px = presort(x, n, d);
  const outputs = K === 2 ? 1 : K;
  const prior = classes.map((_, c) => yi.reduce((a, v) => a + (v === c ? 1 : 0), 0) / n);
  const init =
    K === 2
      ? [Math.log((prior[1] as number) / (prior[0] as number))]
      : prior.map((p) => Math.log(p));
  const raw = new Float64Array(n * outputs);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < outputs; k++) raw[i * outputs + k] = init[k] as number;
  const prob = new Float64Array(n * outputs);
  const resid = new Float64Array(n);
  const trees: TreeNode[][][] = [];
  const impSum = new Float64Array(d);
  let relevant = 0;
  for (let m = 0; m < nEst; m++) {
    // probabilities from the current raw scores
    for (let i = 0; i < n; i++) {
      if (outputs === 1) prob[i] = 1 / (1 + Math.exp(-(raw[i] as number)));
      else {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k] as number);
        let s = 0;
        for (let k = 0; k < K; k++)
          s += prob[i * K + k] = Math.exp((raw[i * K + k] as number) - mx);
        for (let k = 0; k < K; k++) prob[i * K + k]! /= s;
      }
    }
    const stage: TreeNode[][] = [];
    for (let k = 0; k < outputs; k++) {
      const target = outputs === 1 ? 1 : k;
      for (let i = 0; i < n; i++)
        resid[i] = (yi[i] === target ? 1 : 0) - (prob[i * outputs + k] as number);
      const { nodes, leafOf } = fitTree(px, resid, depth);
      const num = new Float64Array(nodes.length);
      const den = new Float64Array(nodes.length);
      for (let i = 0; i < n; i++) {
        const p = prob[i * outputs + k] as number;
        num[leafOf[i] as number]! += resid[i] as number;
        den[leafOf[i] as number]! += p * (1 - p);
      }
      const scale = outputs === 1 ? 1 : (K - 1) / K;
      nodes.forEach((t, id) => {
        if (t.feature < 0)
          t.value =
            Math.abs(den[id] as number) < 1e-150
              ? 0
              : (scale * (num[id] as number)) / (den[id] as number);
      });
      for (let i = 0; i < n; i++)
        raw[i * outputs + k]! += lr * (nodes[leafOf[i] as number] as TreeNode).value;
      if (nodes.length > 1) {
        const imp = treeImportances(nodes, d);
        for (let f = 0; f < d; f++) impSum[f]! += imp[f] as number;
        relevant++;
      }
      stage.push(nodes);
    }
    trees.push(stage);
  }
  const total = impSum.reduce((a, b) => a + b, 0);
  const importances = new Float64Array(d);
  if (relevant > 0 && total > 0)
    for (let f = 0; f < d; f++)
      importances[f] = (impSum[f] as number) / relevant / (total / relevant);
  return { classes, init, trees, learningRate: lr, importances };
}

/** Predicted class labels [n] for x [n, d] (argmax of raw scores; binary: raw > 0). */
export function predictGbt(
  model: GbtModel,
  x: ArrayLike<number>,
  n: number,
  d: number,
): Int32Array {
  const out = new Int32Array(n);
  const { classes, init, trees, learningRate } = model;
  if (classes.length < 2) return out.fill(classes[0] ?? 0);
  const outputs = init.length;
  const raw = new Float64Array(outputs);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < outputs; k++) raw[k] = init[k] as number;
    for (const stage of trees)
      stage.forEach((nodes, k) => (raw[k]! += learningRate * predictTree(nodes, x, i * d)));
    if (outputs === 1) out[i] = (raw[0]! > 0 ? classes[1] : classes[0]) as number;
    else {
      let best = 0;
      for (let k = 1; k < outputs; k++) if ((raw[k] as number) > (raw[best] as number)) best = k;
      out[i] = classes[best] as number;
    }
  }
  return out;
}
