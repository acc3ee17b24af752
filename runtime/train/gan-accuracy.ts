/**
 * How well an unsupervised categorical code classifies labelled data: the accuracy of
 * argmax Q(c|x) as a label predictor under the best one-to-one map from code values to labels
 * (InfoGAN §7.1 reports 5% error on MNIST this way, i.e. 95% accuracy).
 */

/** Confusion counts [k_code][k_label] of predicted code values against labels. */
export function confusionCounts(
  codes: ArrayLike<number>,
  labels: ArrayLike<number>,
  kCode: number,
  kLabel: number,
): number[][] {
  if (codes.length !== labels.length)
    throw new RangeError(`confusionCounts: ${codes.length} codes but ${labels.length} labels`);
  const m = Array.from({ length: kCode }, () => new Array<number>(kLabel).fill(0));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const l = labels[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < kCode))
      throw new RangeError(`confusionCounts: code ${c} at ${i} is outside [0, ${kCode})`);
    if (!(Number.isInteger(l) && l >= 0 && l < kLabel))
      throw new RangeError(`confusionCounts: label ${l} at ${i} is outside [0, ${kLabel})`);
    m[c]![l]!++;
  }
  return m;
}

/**
 * The one-to-one assignment code value → label maximising Σ counts[c][label(c)], exactly, by dynamic
 * programming over subsets of labels (O(k · 2^k), k = kCode ≤ kLabel ≤ 20). Returns the map
 * (mapping[c] = label) and the number of correctly classified points. Throws for k > 20.
 */
export function bestAssignment(counts: readonly (readonly number[])[]): {
  mapping: number[];
  correct: number;
} {
  const kc = counts.length;
  const kl = counts[0]?.length ?? 0;
  if (kc === 0) return { mapping: [], correct: 0 };
  if (kc > kl)
    throw new RangeError(
      `bestAssignment: ${kc} code values but only ${kl} labels (needs kCode ≤ kLabel)`,
    );
  if (kl > 20)
    throw new RangeError(`bestAssignment: ${kl} labels is too many for the exact search (≤ 20)`);
  const size = 1 << kl;
  const best = new Float64Array(size).fill(-Infinity);
  const choice = new Int8Array(size).fill(-1);
  best[0] = 0;
  const popcount = (m: number) => {
    let n = 0;
    for (let x = m; x; x &= x - 1) n++;
    return n;
  };
  let answer = -Infinity;
  let answerMask = 0;
  for (let mask = 0; mask < size; mask++) {
    const b = best[mask]!;
    if (b === -Infinity) continue;
    const c = popcount(mask); // code values 0..c-1 are assigned
    if (c === kc) {
      if (b > answer) [answer, answerMask] = [b, mask];
      continue;
    }
    for (let l = 0; l < kl; l++) {
      if (mask & (1 << l)) continue;
      const next = mask | (1 << l);
      const v = b + counts[c]![l]!;
      if (v > best[next]!) {
        best[next] = v;
        choice[next] = l;
      }
    }
  }
  const mapping = new Array<number>(kc).fill(-1);
  for (let mask = answerMask, c = kc - 1; c >= 0; c--) {
    const l = choice[mask]!;
    mapping[c] = l;
    mask &= ~(1 << l);
  }
  return { mapping, correct: answer };
}

/**
 * Accuracy in [0, 1] of code values as label predictions under the best one-to-one relabelling,
 * with the mapping and the confusion counts. codes, labels: [n] integers. Throws on mismatched
 * lengths, out-of-range values or n = 0.
 */
export function categoricalCodeAccuracy(
  codes: ArrayLike<number>,
  labels: ArrayLike<number>,
  kCode: number,
  kLabel = kCode,
): { accuracy: number; mapping: number[]; confusion: number[][] } {
  if (codes.length === 0) throw new RangeError("categoricalCodeAccuracy: no points");
  const confusion = confusionCounts(codes, labels, kCode, kLabel);
  const { mapping, correct } = bestAssignment(confusion);
  return { accuracy: correct / codes.length, mapping, confusion };
}
