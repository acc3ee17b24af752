// The previous (global-scan) fitTree, kept as the reference the partitioned one must match exactly.
/**
 * A depth-limited least-squares regression tree, the base learner of `gbt.ts`. It follows
 * sklearn's DecisionTreeRegressor(criterion="friedman_mse", max_depth=3, min_samples_leaf=1):
 * splits maximise Friedman's improvement n_l·n_r/(n_l+n_r)·(mean_l − mean_r)², thresholds are
 * midpoints between distinct values (gap > 1e-7), a sample goes left iff x ≤ threshold, nodes
 * with impurity ≤ machine epsilon are leaves. Difference: sklearn visits features in a random
 * order and keeps the first strictly best split; we visit them in index order.
 */

export interface TreeNode {
  feature: number; // −1 for a leaf
  threshold: number;
  left: number;
  right: number;
  /** weighted count, Σ target, Σ target² of the samples in the node */
  count: number;
  sum: number;
  sumSq: number;
  /** leaf output (set by the booster) */
  value: number;
}

/** Column-major features with each column's sort order, shared by all trees of one fit. */
export interface PresortedX {
  readonly n: number;
  readonly d: number;
  /** float64 [d, n]: column f at f·n. */
  readonly cols: Float64Array;
  /** int32 [d, n]: sample indices sorted by column f. */
  readonly order: Int32Array;
}

/** Builds the column-major copy and per-feature sort orders of a row-major [n, d] matrix. */
export function presort(x: ArrayLike<number>, n: number, d: number): PresortedX {
  const cols = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) cols[f * n + i] = x[i * d + f] as number;
  const order = new Int32Array(n * d);
  for (let f = 0; f < d; f++) {
    const idx = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (cols[f * n + a] as number) - (cols[f * n + b] as number) || a - b,
    );
    order.set(idx, f * n);
  }
  return { n, d, cols, order };
}

const impurity = (t: TreeNode): number =>
  t.count > 0 ? t.sumSq / t.count - (t.sum / t.count) ** 2 : 0;

/**
 * Fits one tree to `target` [n]; returns its nodes (root = 0) and each sample's leaf id [n].
 */
export function fitTree(
  px: PresortedX,
  target: Float64Array,
  maxDepth = 3,
): { nodes: TreeNode[]; leafOf: Int32Array } {
  const { n, d, cols, order } = px;
  const root: TreeNode = {
    feature: -1,
    threshold: 0,
    left: -1,
    right: -1,
    count: n,
    sum: 0,
    sumSq: 0,
    value: 0,
  };
  for (let i = 0; i < n; i++) {
    root.sum += target[i] as number;
    root.sumSq += (target[i] as number) ** 2;
  }
  const nodes: TreeNode[] = [root];
  const nodeOf = new Int32Array(n); // all in root
  let active = [0];
  const maxNodes = 2 ** (maxDepth + 1);
  const cntL = new Float64Array(maxNodes);
  const sumL = new Float64Array(maxNodes);
  const prev = new Float64Array(maxNodes);
  const bestGain = new Float64Array(maxNodes);
  const bestF = new Int32Array(maxNodes);
  const bestThr = new Float64Array(maxNodes);
  const isActive = new Uint8Array(maxNodes);
  const nCount = new Float64Array(maxNodes);
  const nSum = new Float64Array(maxNodes);
  for (let depth = 0; depth < maxDepth && active.length > 0; depth++) {
    active = active.filter((t) => nodes[t]!.count >= 2 && impurity(nodes[t]!) > Number.EPSILON);
    isActive.fill(0);
    for (const t of active) {
      isActive[t] = 1;
      bestGain[t] = -Infinity;
      bestF[t] = -1;
      nCount[t] = nodes[t]!.count;
      nSum[t] = nodes[t]!.sum;
    }
    for (let f = 0; f < d; f++) {
      for (const t of active) {
        cntL[t] = 0;
        sumL[t] = 0;
      }
      const base = f * n;
      for (let p = 0; p < n; p++) {
        const s = order[base + p]!;
        const t = nodeOf[s]!;
        if (isActive[t] === 0) continue;
        const v = cols[base + s]!;
        const cl = cntL[t]!;
        const pv = prev[t]!;
        if (cl > 0 && v > pv + 1e-7) {
          const cnt = nCount[t]!;
          const cr = cnt - cl;
          const sl = sumL[t]!;
          const diff = sl / cl - (nSum[t]! - sl) / cr;
          const gain = ((cl * cr) / cnt) * diff * diff;
          if (gain > bestGain[t]!) {
            bestGain[t] = gain;
            bestF[t] = f;
            let thr = pv / 2 + v / 2;
            if (thr === v || !Number.isFinite(thr)) thr = pv;
            bestThr[t] = thr;
          }
        }
        cntL[t] = cl + 1;
        sumL[t] = sumL[t]! + target[s]!;
        prev[t] = v;
      }
    }
    const next: number[] = [];
    const kidL = new Int32Array(maxNodes).fill(-1);
    let splits = 0;
    for (const t of active) {
      if ((bestF[t] as number) < 0) continue;
      const node = nodes[t]!;
      node.feature = bestF[t] as number;
      node.threshold = bestThr[t] as number;
      const mk = (): number => {
        nodes.push({
          feature: -1,
          threshold: 0,
          left: -1,
          right: -1,
          count: 0,
          sum: 0,
          sumSq: 0,
          value: 0,
        });
        return nodes.length - 1;
      };
      node.left = mk();
      node.right = mk();
      kidL[t] = node.left;
      splits++;
      next.push(node.left, node.right);
    }
    if (splits === 0) break;
    for (let s = 0; s < n; s++) {
      const t = nodeOf[s]!;
      const l = kidL[t]!;
      if (l < 0) continue;
      const c = cols[bestF[t]! * n + s]! <= bestThr[t]! ? l : l + 1;
      nodeOf[s] = c;
      const child = nodes[c]!;
      const y = target[s] as number;
      child.count += 1;
      child.sum += y;
      child.sumSq += y * y;
    }
    active = next;
  }
  return { nodes, leafOf: nodeOf };
}

/**
 * Unnormalised impurity-decrease importances of one tree, [d]: Σ over its splits on feature f of
 * (n_t·imp_t − n_l·imp_l − n_r·imp_r) / n_root (sklearn `compute_feature_importances(normalize=False)`).
 */
export function treeImportances(nodes: TreeNode[], d: number): Float64Array {
  const imp = new Float64Array(d);
  const root = nodes[0]!;
  for (const t of nodes) {
    if (t.feature < 0) continue;
    const l = nodes[t.left]!;
    const r = nodes[t.right]!;
    imp[t.feature]! += t.count * impurity(t) - l.count * impurity(l) - r.count * impurity(r);
  }
  for (let f = 0; f < d; f++) imp[f]! /= root.count;
  return imp;
}

/** The leaf output for one feature row x [d] (row-major, offset `off`). */
export function predictTree(nodes: TreeNode[], x: ArrayLike<number>, off: number): number {
  let t = nodes[0]!;
  while (t.feature >= 0)
    t = nodes[(x[off + t.feature] as number) <= t.threshold ? t.left : t.right]!;
  return t.value;
}
