/**
 * ROC-AUC by the Mann–Whitney rank statistic with tied scores given average ranks
 * (equal to sklearn.metrics.roc_auc_score for binary targets).
 */

/**
 * AUC of `scores` [n] against binary `positive` [n].
 * @returns NaN when only one class is present (sklearn raises there).
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positive[idx[t] as number]) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Macro ROC-AUC of class probabilities proba [n, C] against labels y [n] one-hot encoded over
 * `classes` (the MultiLabelBinarizer target). Classes absent from y (or present in every row)
 * are skipped, where sklearn would raise.
 * @throws RangeError when no class has both positives and negatives.
 */
export function macroRocAuc(
  proba: Float64Array,
  y: ArrayLike<number>,
  classes: readonly number[],
): number {
  const n = y.length;
  const C = classes.length;
  let total = 0;
  let used = 0;
  const col = new Float64Array(n);
  const pos = new Uint8Array(n);
  classes.forEach((c, k) => {
    for (let i = 0; i < n; i++) {
      col[i] = proba[i * C + k] as number;
      pos[i] = y[i] === c ? 1 : 0;
    }
    const a = rocAuc(col, pos);
    if (!Number.isNaN(a)) {
      total += a;
      used++;
    }
  });
  if (used === 0)
    throw new RangeError("macroRocAuc: no class has both positive and negative examples.");
  return total / used;
}
