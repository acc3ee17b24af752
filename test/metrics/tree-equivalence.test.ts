/**
 * The node-partitioned split search of runtime/metrics/regression-tree.ts must choose exactly the
 * splits of the global presorted scan it replaced (reference-tree.ts): same features, thresholds,
 * node statistics and leaf assignment, including ties and duplicated values.
 */
import { describe, expect, it } from "vitest";
import { fitTree, presort } from "../../runtime/metrics/regression-tree.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import * as ref from "./reference-tree.js";

function data(n: number, d: number, seed: number, discrete: boolean) {
  const rng = createMetricRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = discrete ? rng.int(5) : rng.normal();
  for (let i = 0; i < n; i++) x[i * d + d - 1] = x[i * d]!; // a duplicated feature: exact ties between features
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++)
    t[i] = Math.sin(3 * x[i * d]!) + (x[i * d + 1]! > 0.3 ? 1 : 0) + 0.2 * rng.normal();
  return { x, t };
}

describe("regression tree split search", () => {
  for (const [n, d, depth, discrete] of [
    [500, 6, 3, false],
    [300, 4, 4, true],
    [64, 3, 1, false],
    [2000, 10, 3, false],
  ] as const) {
    it(`matches the global scan (n=${n}, d=${d}, depth ${depth}, ${discrete ? "discrete" : "continuous"})`, () => {
      for (let seed = 0; seed < 3; seed++) {
        const { x, t } = data(n, d, seed, discrete);
        const a = fitTree(presort(x, n, d), t, depth);
        const b = ref.fitTree(ref.presort(x, n, d), t, depth);
        expect(a.nodes).toEqual(b.nodes);
        expect(Array.from(a.leafOf)).toEqual(Array.from(b.leafOf));
      }
    });
  }
});
