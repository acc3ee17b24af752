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
  /** float64 [d, n]: column f's values in sorted order (sorted[f·n + p] = cols[f·n + order[f·n + p]]). */
  readonly sorted: Float64Array;
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
  const sorted = new Float64Array(n * d);
  for (let p = 0; p < n * d; p++)
    sorted[p] = cols[Math.floor(p / n) * n + (order[p] as number)] as number;
  return { n, d, cols, order, sorted };
}

const impurity = (t: TreeNode): number =>
  t.count > 0 ? t.sumSq / t.count - (t.sum / t.count) ** 2 : 0;

/**
 * Fits one tree to `target` [n]; returns its nodes (root = 0) and each sample's leaf id [n].
 *
 * Split search keeps, per feature, the sorted sample order partitioned by node (a stable
 * partition after each level), so each node's samples are a contiguous run visited in the same
 * order as in the presorted column: the candidates, running sums and comparisons are exactly those
 * of a scan over the whole column, with the accumulators in locals instead of per-node arrays.
 */
export function fitTree(
  px: PresortedX,
  target: Float64Array,
  maxDepth = 3,
): { nodes: TreeNode[]; leafOf: Int32Array } {
  const { n, d, order, sorted, cols } = px;
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
  const start = new Int32Array(maxNodes); // first position of each node's run (same for every feature)
  const ord = maxDepth > 1 ? order.slice() : order;
  const val = maxDepth > 1 ? sorted.slice() : sorted;
  const tmpO = new Int32Array(n);
  const tmpV = new Float64Array(n);
  for (let depth = 0; depth < maxDepth && active.length > 0; depth++) {
    active = active.filter((t) => nodes[t]!.count >= 2 && impurity(nodes[t]!) > Number.EPSILON);
    const next: number[] = [];
    const split: number[] = [];
    for (const t of active) {
      const node = nodes[t]!;
      const cnt = node.count;
      const total = node.sum;
      const lo = start[t]!;
      const hi = lo + cnt;
      let bestGain = -Infinity;
      let bestF = -1;
      let bestThr = 0;
      for (let f = 0; f < d; f++) {
        const base = f * n;
        let cl = 0;
        let sl = 0;
        let pv = 0;
        for (let p = base + lo; p < base + hi; p++) {
          const v = val[p]!;
          if (cl > 0 && v > pv + 1e-7) {
            const cr = cnt - cl;
            const diff = sl / cl - (total - sl) / cr;
            const gain = ((cl * cr) / cnt) * diff * diff;
            if (gain > bestGain) {
              bestGain = gain;
              bestF = f;
              let thr = pv / 2 + v / 2;
              if (thr === v || !Number.isFinite(thr)) thr = pv;
              bestThr = thr;
            }
          }
          cl += 1;
          sl += target[ord[p]!]!;
          pv = v;
        }
      }
      if (bestF < 0) continue;
      node.feature = bestF;
      node.threshold = bestThr;
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
      split.push(t);
      next.push(node.left, node.right);
    }
    if (split.length === 0) break;
    // children's statistics in sample order (the summation order of the reference scan)
    for (let s = 0; s < n; s++) {
      const node = nodes[nodeOf[s]!]!;
      if (node.feature < 0) continue; // a leaf of an earlier level
      const c = cols[node.feature * n + s]! <= node.threshold ? node.left : node.right;
      nodeOf[s] = c;
      const child = nodes[c]!;
      const y = target[s] as number;
      child.count += 1;
      child.sum += y;
      child.sumSq += y * y;
    }
    for (const t of split) {
      const node = nodes[t]!;
      start[node.left] = start[t]!;
      start[node.right] = start[t]! + nodes[node.left]!.count;
    }
    if (depth + 1 < maxDepth) {
      // stable partition of every split node's run, in every feature
      for (const t of split) {
        const node = nodes[t]!;
        const lo = start[t]!;
        const cnt = node.count;
        const left = node.left;
        for (let f = 0; f < d; f++) {
          const base = f * n + lo;
          let l = 0;
          let r = nodes[left]!.count;
          for (let p = 0; p < cnt; p++) {
            const s = ord[base + p]!;
            const q = nodeOf[s] === left ? l++ : r++;
            tmpO[q] = s;
            tmpV[q] = val[base + p]!;
          }
          ord.set(tmpO.subarray(0, cnt), base);
          val.set(tmpV.subarray(0, cnt), base);
        }
      }
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
